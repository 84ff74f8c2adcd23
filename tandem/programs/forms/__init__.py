"""Forms of the programs app: planning, registration, the pool review, lessons learned."""

from tandem.programs.forms.lessons import LessonForm
from tandem.programs.forms.planning import CohortForm, NotifyForm, ProgramForm, TopicForm
from tandem.programs.forms.pool import DecisionForm, PoolFilterForm, VerificationForm
from tandem.programs.forms.registration import RegistrationForm

__all__ = [
    "CohortForm",
    "DecisionForm",
    "LessonForm",
    "NotifyForm",
    "PoolFilterForm",
    "ProgramForm",
    "RegistrationForm",
    "TopicForm",
    "VerificationForm",
]
