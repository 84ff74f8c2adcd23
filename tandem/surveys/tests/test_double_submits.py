"""Two clicks at once end in one result and a clear page, not a 500 (issue 14)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import World, client_for
from tandem.programs import services as programs_services
from tandem.programs.models import Registration, Role
from tandem.programs.tests.factories import CohortFactory
from tandem.surveys import builtin, editing
from tandem.surveys.models import Questionnaire


@pytest.mark.django_db
def test_the_copy_button_sent_twice_makes_one_copy(world: World) -> None:
    builtin.ensure_builtin(world.organization)
    questionnaire = Questionnaire.objects.filter(organization=world.organization).first()
    assert questionnaire is not None
    url = reverse("surveys:questionnaire_copy", args=[world.organization.slug, questionnaire.key])
    client = client_for(world, "program_manager")
    first = client.post(url, secure=True)
    second = client.post(url, secure=True)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Questionnaire.objects.filter(copied_from=questionnaire).count() == 1
    # A deliberate second copy later is a copy of its own.
    Questionnaire.objects.filter(copied_from=questionnaire).update(
        created=Questionnaire.objects.get(copied_from=questionnaire).created
        - editing.DOUBLE_SUBMIT_WINDOW
    )
    client.post(url, secure=True)
    assert Questionnaire.objects.filter(copied_from=questionnaire).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL (REL-03)")
def test_two_copies_at_the_same_moment_end_in_one_copy_without_an_error(world: World) -> None:
    builtin.ensure_builtin(world.organization)
    questionnaire = Questionnaire.objects.filter(organization=world.organization).first()
    assert questionnaire is not None
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def click() -> None:
        from django.db import connection as own

        try:
            barrier.wait()
            with scopes_disabled(), transaction.atomic():
                editing.copy_questionnaire(questionnaire=questionnaire, actor=world.program_manager)
        except BaseException as error:
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Questionnaire.objects.filter(copied_from=questionnaire).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL (REL-03)")
def test_a_registration_sent_twice_at_once_registers_once_and_the_other_is_told(
    world: World,
) -> None:
    cohort = CohortFactory(organization=world.organization, state="registration")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        from django.db import connection as own

        try:
            barrier.wait()
            with scopes_disabled():
                programs_services.register(
                    cohort=cohort,
                    employee=world.mentor_employee,
                    role=Role.MENTOR,
                    answers={"capacity": 1},
                )
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            own.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["registered", "twice"]
    assert Registration.objects.filter(cohort_id=cohort.pk).count() == 1
