"""Forms of the programs app: planning, registration, and the pool review."""

from tandem.programs.forms.planning import CohortForm, NotifyForm, ProgramForm, TopicForm
from tandem.programs.forms.pool import DecisionForm, PoolFilterForm, VerificationForm
from tandem.programs.forms.registration import RegistrationForm

__all__ = [
    "CohortForm",
    "DecisionForm",
    "NotifyForm",
    "PoolFilterForm",
    "ProgramForm",
    "RegistrationForm",
    "TopicForm",
    "VerificationForm",
]
