"""A tandem's quote for the results report: printed only while both partners agree to its words."""

import re
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Cohort, CohortState, EndReason, Role, Tandem, TandemState
from tandem.programs.tests.factories import TandemFactory
from tandem.workspace import quotes
from tandem.workspace.models import Quote
from tandem.workspace.selectors import published_quotes

pytestmark = pytest.mark.django_db

MENTOR, MENTEE = Role.MENTOR, Role.MENTEE


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in their English source words, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def running(tandem: Tandem) -> Tandem:
    return accept(tandem)


def _agreed_quote(tandem: Tandem, text: str) -> Quote:
    quotes.save_quote(tandem=tandem, role=MENTOR, text=text)
    quotes.agree_to_quote(
        tandem=tandem, role=MENTOR, agreed=True, version=Quote.objects.get(tandem=tandem).version
    )
    return quotes.agree_to_quote(
        tandem=tandem, role=MENTEE, agreed=True, version=Quote.objects.get(tandem=tandem).version
    )


def _other_tandem(cohort: Cohort, **fields: object) -> Tandem:
    return TandemFactory(cohort=cohort, state=TandemState.ACCEPTED, **fields)


def _url(name: str, world: World, tandem: Tandem) -> str:
    return reverse(
        name, kwargs={"org_slug": world.organization.slug, "public_id": tandem.public_id}
    )


# --- writing and agreeing -------------------------------------------------------------------


def test_a_new_quote_is_stripped_and_agreed_by_nobody_yet(running: Tandem) -> None:
    quote = quotes.save_quote(tandem=running, role=MENTEE, text="  Wir lernen voneinander.\n")
    assert (quote.text, quote.written_by) == ("Wir lernen voneinander.", MENTEE)
    assert not quote.mentor_agreed
    assert not quote.mentee_agreed


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_quote_is_refused(running: Tandem, text: str) -> None:
    with pytest.raises(ValidationError, match="Please write the quote"):
        quotes.save_quote(tandem=running, role=MENTOR, text=text)
    assert not Quote.objects.exists()


def test_a_quote_may_have_400_characters_but_not_more(running: Tandem) -> None:
    with pytest.raises(ValidationError) as refused:
        quotes.save_quote(tandem=running, role=MENTOR, text="x" * 401)
    assert refused.value.messages == ["Please keep the quote to 400 characters (it has 401)."]
    assert quotes.save_quote(tandem=running, role=MENTOR, text=" " + "x" * 400).text == "x" * 400


def test_changing_the_words_keeps_the_writers_agreement_and_clears_the_partners(
    running: Tandem,
) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    quote = quotes.save_quote(tandem=running, role=MENTEE, text="Mut zur Lücke, jeden Tag.")
    quote.refresh_from_db()
    assert quote.written_by == MENTEE
    assert quote.mentee_agreed
    assert not quote.mentor_agreed


def test_saving_the_same_words_again_clears_nobodys_agreement(running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    quotes.save_quote(tandem=running, role=MENTEE, text=" Mut zur Lücke. ")
    assert Quote.objects.get().published


def test_agreeing_needs_a_quote(running: Tandem) -> None:
    with pytest.raises(ValidationError, match="There is no quote yet"):
        quotes.agree_to_quote(tandem=running, role=MENTOR, agreed=True, version=1)


def test_either_partner_deletes_the_quote_whoever_wrote_it(running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    assert quotes.delete_quote(tandem=running)
    assert not Quote.objects.exists()
    assert not quotes.delete_quote(tandem=running)


def test_a_tandem_not_yet_accepted_cannot_write_a_quote(tandem: Tandem) -> None:
    with pytest.raises(ValidationError, match="once both of you have accepted"):
        quotes.save_quote(tandem=tandem, role=MENTOR, text="Zu früh.")
    assert not Quote.objects.exists()


def test_after_ending_early_partners_may_withdraw_and_delete_but_not_write_or_agree(
    running: Tandem,
) -> None:
    quotes.save_quote(tandem=running, role=MENTOR, text="Kurz, aber gut.")
    quotes.agree_to_quote(
        tandem=running, role=MENTOR, agreed=True, version=Quote.objects.get(tandem=running).version
    )
    Tandem.objects.filter(pk=running.pk).update(
        state=TandemState.DISSOLVED, end_reason=EndReason.TIME, accepted=timezone.now()
    )
    with pytest.raises(ValidationError, match="This tandem has ended"):
        quotes.save_quote(tandem=running, role=MENTOR, text="Geändert.")
    with pytest.raises(ValidationError, match="This tandem has ended"):
        quotes.agree_to_quote(
            tandem=running,
            role=MENTEE,
            agreed=True,
            version=Quote.objects.get(tandem=running).version,
        )
    assert not quotes.agree_to_quote(tandem=running, role=MENTOR, agreed=False).mentor_agreed
    assert quotes.delete_quote(tandem=running)


def test_once_the_cohort_has_closed_a_quote_can_be_withdrawn_but_not_written_or_agreed(
    running: Tandem,
) -> None:
    """The closed cohort's results stay as they are; consent can always be withdrawn (issue 14)."""
    _agreed_quote(running, "Mut zur Lücke.")
    Cohort.objects.filter(pk=running.cohort_id).update(state=CohortState.COMPLETED)
    running.refresh_from_db()
    with pytest.raises(ValidationError):
        quotes.save_quote(tandem=running, role=MENTEE, text="Im Rückblick: gut.")
    with pytest.raises(ValidationError):
        quotes.agree_to_quote(
            tandem=running,
            role=MENTEE,
            agreed=True,
            version=Quote.objects.get(tandem=running).version,
        )
    assert published_quotes(running.cohort) == ["Mut zur Lücke."]
    quotes.agree_to_quote(tandem=running, role=MENTEE, agreed=False)
    assert published_quotes(running.cohort) == []


def test_quotes_leave_no_audit_trail(running: Tandem) -> None:
    """ADR 0009: what a tandem writes is not a per-person activity record."""
    _agreed_quote(running, "Mut zur Lücke.")
    quotes.save_quote(tandem=running, role=MENTEE, text="Anders gesagt.")
    quotes.delete_quote(tandem=running)
    assert not AuditEntry.objects.exists()


# --- what the report prints -------------------------------------------------------------------


def test_the_report_prints_a_quote_both_agreed_to_and_not_one_agreed_by_one(
    running: Tandem,
) -> None:
    quotes.save_quote(tandem=running, role=MENTOR, text="Nur ich stimme zu.")
    quotes.agree_to_quote(
        tandem=running, role=MENTOR, agreed=True, version=Quote.objects.get(tandem=running).version
    )
    assert published_quotes(running.cohort) == []
    quotes.agree_to_quote(
        tandem=running, role=MENTEE, agreed=True, version=Quote.objects.get(tandem=running).version
    )
    assert published_quotes(running.cohort) == ["Nur ich stimme zu."]


def test_editing_an_agreed_quote_takes_it_out_of_the_report_until_the_partner_agrees_again(
    running: Tandem,
) -> None:
    _agreed_quote(running, "Erste Fassung.")
    quotes.save_quote(tandem=running, role=MENTOR, text="Zweite Fassung.")
    assert published_quotes(running.cohort) == []
    quotes.agree_to_quote(
        tandem=running, role=MENTEE, agreed=True, version=Quote.objects.get(tandem=running).version
    )
    assert published_quotes(running.cohort) == ["Zweite Fassung."]


def test_a_withdrawn_agreement_takes_the_quote_out_of_every_later_report(running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    assert published_quotes(running.cohort) == ["Mut zur Lücke."]
    quotes.agree_to_quote(tandem=running, role=MENTEE, agreed=False)
    assert published_quotes(running.cohort) == []


def test_a_deleted_quote_leaves_the_report(running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    quotes.delete_quote(tandem=running)
    assert published_quotes(running.cohort) == []


def test_the_report_counts_tandems_ended_early_but_not_those_that_never_started_nor_other_cohorts(
    running: Tandem,
) -> None:
    ended = _other_tandem(running.cohort)
    _agreed_quote(ended, "Früh beendet, trotzdem gelernt.")
    Tandem.objects.filter(pk=ended.pk).update(
        state=TandemState.DISSOLVED, end_reason=EndReason.LEFT, accepted=timezone.now()
    )
    never = _other_tandem(running.cohort)
    _agreed_quote(never, "Nie angefangen.")
    Tandem.objects.filter(pk=never.pk).update(state=TandemState.DISSOLVED)
    _agreed_quote(_other_tandem(TandemFactory().cohort), "Anderer Jahrgang.")
    assert published_quotes(running.cohort) == ["Früh beendet, trotzdem gelernt."]


def test_the_report_sorts_quotes_alphabetically_not_by_arrival(running: Tandem) -> None:
    cohort = running.cohort
    _agreed_quote(running, "zuletzt klein geschrieben")
    _agreed_quote(_other_tandem(cohort), "Mitte")
    _agreed_quote(_other_tandem(cohort), "Anfang")
    assert published_quotes(cohort) == ["Anfang", "Mitte", "zuletzt klein geschrieben"]


def test_published_quotes_take_one_query_however_many_tandems(running: Tandem) -> None:
    cohort = running.cohort
    _agreed_quote(running, "Eins.")
    for number in range(6):
        _agreed_quote(_other_tandem(cohort), f"Zitat {number}.")
    with CaptureQueriesContext(connection) as captured:
        assert len(published_quotes(cohort)) == 7
    assert len(captured) == 1


# --- the partners' page ---------------------------------------------------------------------


def test_each_partner_sees_the_words_and_both_agreements(world: World, running: Tandem) -> None:
    quotes.save_quote(tandem=running, role=MENTOR, text="Wir lernen voneinander.")
    quotes.agree_to_quote(
        tandem=running, role=MENTOR, agreed=True, version=Quote.objects.get(tandem=running).version
    )
    for persona, mine, theirs in (("mentor", True, False), ("mentee", False, True)):
        response = client_for(world, persona).get(
            _url("workspace:quote", world, running), secure=True
        )
        assert response.status_code == 200
        assert "Wir lernen voneinander." in response.content.decode()
        assert (response.context["i_agree"], response.context["partner_agrees"]) == (mine, theirs)


def test_a_partner_writes_the_quote_on_the_page(world: World, running: Tandem) -> None:
    url = _url("workspace:quote", world, running)
    response = client_for(world, "mentee").post(url, {"text": "Neue Sicht."}, secure=True)
    assert response.status_code == 302
    quote = Quote.objects.get(tandem=running)
    assert (quote.text, quote.written_by) == ("Neue Sicht.", MENTEE)


@pytest.mark.parametrize("text", ["   ", "x" * 401])
def test_a_bad_quote_comes_back_with_its_error(world: World, running: Tandem, text: str) -> None:
    url = _url("workspace:quote", world, running)
    response = client_for(world, "mentor").post(url, {"text": text}, secure=True)
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Quote.objects.exists()


def test_a_tandem_not_yet_accepted_sees_the_page_without_the_form(
    world: World, tandem: Tandem
) -> None:
    url = _url("workspace:quote", world, tandem)
    response = client_for(world, "mentor").get(url, secure=True)
    assert response.status_code == 200
    assert 'name="text"' not in response.content.decode()
    refused = client_for(world, "mentor").post(url, {"text": "Zu früh."}, secure=True)
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert not Quote.objects.exists()


def test_agreeing_and_withdrawing_on_the_page(world: World, running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    client = client_for(world, "mentee")
    url = _url("workspace:quote_agree", world, running)
    assert client.post(url, {"agreed": "no"}, secure=True).status_code == 302
    assert published_quotes(running.cohort) == []
    version = Quote.objects.get().version
    assert client.post(url, {"agreed": "yes", "version": version}, secure=True).status_code == 302
    assert published_quotes(running.cohort) == ["Mut zur Lücke."]
    client.post(url, {"agreed": "maybe"}, secure=True)
    assert Quote.objects.get().mentee_agreed


def test_agreement_names_the_words_read_not_the_words_saved_meanwhile(
    world: World, running: Tandem
) -> None:
    """The partner reads A, the author saves B: the click once agreed to B (issue 14)."""
    quotes.save_quote(tandem=running, role=MENTOR, text="Version A.")
    page = client_for(world, "mentee").get(_url("workspace:quote", world, running), secure=True)
    read = int(re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1))
    quotes.save_quote(tandem=running, role=MENTOR, text="Version B.")
    quotes.agree_to_quote(
        tandem=running, role=MENTOR, agreed=True, version=Quote.objects.get().version
    )
    response = client_for(world, "mentee").post(
        _url("workspace:quote_agree", world, running),
        {"agreed": "yes", "version": read},
        secure=True,
        follow=True,
    )
    assert "Please read them again" in response.content.decode() or (
        "Bitte lesen Sie ihn erneut" in response.content.decode()
    )
    assert not Quote.objects.get().mentee_agreed
    assert published_quotes(running.cohort) == []


def test_deleting_on_the_page(world: World, running: Tandem) -> None:
    _agreed_quote(running, "Mut zur Lücke.")
    response = client_for(world, "mentor").post(
        _url("workspace:quote_delete", world, running), secure=True
    )
    assert response.status_code == 302
    assert not Quote.objects.exists()


def test_someone_in_another_tandem_neither_reads_nor_changes_the_quote(
    world: World, running: Tandem
) -> None:
    """The matrix covers the personas; here a partner of the world's tandem opens another's."""
    other = _other_tandem(running.cohort)
    _agreed_quote(other, "Fremdes Zitat.")
    client = client_for(world, "mentor")
    assert client.get(_url("workspace:quote", world, other), secure=True).status_code == 404
    for name in ("workspace:quote_agree", "workspace:quote_delete"):
        response = client.post(_url(name, world, other), {"agreed": "no"}, secure=True)
        assert response.status_code == 404
    assert Quote.objects.get(tandem=other).published
