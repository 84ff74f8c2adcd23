"""A tandem's short quote for the cohort's results report, published with both partners' consent.

Either partner writes or edits the quote; both agree to its exact words. A change of the
text keeps the writer's agreement and clears the other partner's, who has not agreed to
the new words. The report reads the quotes afresh each time it is rendered
(``selectors.published_quotes``), so a withdrawn agreement or a deleted quote is gone from
every later rendering. Nothing here is audited: the quote is the tandem's own writing
(AZ-03) and an entry per change would record each participant's activity (PRIV-04, ADR 0009).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.programs.models import Role, Tandem
from tandem.workspace.models import QUOTE_MAX_LENGTH, Quote

AGREED_FIELD = {Role.MENTOR: "mentor_agreed", Role.MENTEE: "mentee_agreed"}


def is_open(tandem: Tandem) -> bool:
    """Partners write a quote and agree to it while the tandem runs (``Tandem.is_running``).

    Once the tandem has ended or its cohort has closed, a quote both agreed to stays in the
    results as it is; either partner can still withdraw their agreement or delete it.
    """
    return tandem.is_running


def _locked_tandem(tandem: Tandem, *, changing: bool) -> Tandem:
    """The tandem row locked, so that two partners' changes queue up instead of crossing.

    The state is read again under the lock. Withdrawing consent (``changing=False``) is
    possible at any time; writing and agreeing only while the quote is open.
    """
    locked = (
        Tandem.objects.select_related("cohort").select_for_update(of=("self",)).get(pk=tandem.pk)
    )
    if changing and not is_open(locked):
        if locked.active:
            raise ValidationError(
                _("A quote can be written once both of you have accepted the tandem.")
            )
        raise ValidationError(
            _(
                "This tandem has ended: you can still withdraw your agreement or delete "
                "the quote, but no longer change it."
            )
        )
    return locked


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Please write the quote."))
    if len(text) > QUOTE_MAX_LENGTH:
        raise ValidationError(
            _("Please keep the quote to %(limit)d characters (it has %(count)d)."),
            params={"limit": QUOTE_MAX_LENGTH, "count": len(text)},
        )
    return text


@transaction.atomic
def save_quote(*, tandem: Tandem, role: Role, text: str) -> Quote:
    """Write or change the tandem's quote; a change clears the other partner's agreement."""
    text = _clean(text)
    locked = _locked_tandem(tandem, changing=True)
    quote = Quote.objects.filter(tandem=locked).first()
    if quote is None:
        return Quote.objects.create(
            organization_id=locked.organization_id, tandem=locked, text=text, written_by=role
        )
    if quote.text == text:
        return quote
    # The partner agreed to the old words, not to these.
    cleared = AGREED_FIELD[role.other]
    quote.text, quote.written_by, quote.version = text, role, quote.version + 1
    setattr(quote, cleared, False)
    quote.save(update_fields=["text", "written_by", "version", cleared, "updated"])
    return quote


@transaction.atomic
def agree_to_quote(
    *, tandem: Tandem, role: Role, agreed: bool, version: int | None = None
) -> Quote:
    """Give or withdraw one partner's agreement to the words they read (``version``).

    Agreeing to words that changed since they were read is refused: the partner
    reads them again. Withdrawing needs no version.
    """
    locked = _locked_tandem(tandem, changing=agreed)
    quote = Quote.objects.filter(tandem=locked).first()
    if quote is None:
        raise ValidationError(_("There is no quote yet."))
    if agreed and version != quote.version:
        raise ValidationError(
            _("The words have changed since you read them. Please read them again."),
            code="changed",
        )
    if quote.agreed_by(role) != agreed:
        setattr(quote, AGREED_FIELD[role], agreed)
        quote.save(update_fields=[AGREED_FIELD[role], "updated"])
    return quote


@transaction.atomic
def delete_quote(*, tandem: Tandem) -> bool:
    """Delete the tandem's quote, whichever partner wrote it; True if there was one."""
    locked = _locked_tandem(tandem, changing=False)
    deleted, _rows = Quote.objects.filter(tandem=locked).delete()
    return deleted > 0
