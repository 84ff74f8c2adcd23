"""The HR import: check a file (dry run), then apply it as a whole, or discard it.

Applying re-reads and re-checks the stored file against the database as it is
now, inside the one transaction that writes it: if anything fails, nothing
but the run's own status changes (IO-04). Between the two, the administration
may choose what columns hold; the choice is remembered for the organisation's
next files and the dry run repeated with it.

Past 400 lines by intent: the four decisions on a file (check, choose columns, apply,
discard) share its locking and its run's life cycle; the steps before are in their own
modules (limits, reading, columns, validation, planning).
"""

import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.audit import Change
from tandem.core.models import Organization
from tandem.people import invitations
from tandem.people.imports.columns import (
    Choices,
    Field,
    choices_from_data,
    choices_to_data,
    recognised,
)
from tandem.people.imports.limits import Limits
from tandem.people.imports.planning import Plan, plan_import, record_values
from tandem.people.imports.validation import Record
from tandem.people.models import ColumnChoice, Employee, EmployeeStatus, ImportRun, ImportStatus
from tandem.people.orgchart import recompute_reporting_paths
from tandem.people.services import end_membership

BATCH = 1000
# bulk_update builds a CASE with one branch per row, which SQLite tests in turn:
# small batches keep that cost linear in the number of rows.
UPDATE_BATCH = 200
# SQLite allows 32,766 parameters per statement; stay well below for ``pk__in``.
IN_BATCH = 5000
MASKED = ("email",)
# Longer headers are read as chosen for the file at hand but not remembered.
REMEMBERED_HEADER_LENGTH = ColumnChoice._meta.get_field("header").max_length or 200


@transaction.atomic
def check_import(
    *,
    organization: Organization,
    actor: User | None,
    filename: str,
    content: bytes,
    deactivate_missing: bool,
    limits: Limits | None = None,
    choices: Choices | None = None,
) -> ImportRun:
    """The dry run: a previewed run (file kept until decided) or an invalid one (file dropped).

    Columns are read as the organisation's administration chose before, unless ``choices``
    are given.
    """
    filename = _clean_filename(filename)
    plan = plan_import(
        organization=organization,
        filename=filename,
        content=content,
        deactivate_missing=deactivate_missing,
        limits=limits or Limits.from_settings(),
        choices=remembered_choices(organization) if choices is None else choices,
    )
    status = ImportStatus.PREVIEWED if plan.ok else ImportStatus.INVALID
    run = ImportRun.objects.create(
        organization=organization,
        uploaded_by=actor,
        filename=filename,
        # IO-05: a refused file is not kept, not even for the preview.
        content=content if plan.ok else b"",
        deactivate_missing=deactivate_missing,
        status=status,
        summary=plan.summary(),
        errors=plan.problems,
        column_choices=choices_to_data(plan.choices),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="people.import.checked",
        obj=run,
        changes={"status": [None, status], "rows": [None, plan.rows]},
    )
    return run


def remembered_choices(organization: Organization) -> dict[str, Field | None]:
    """What the organisation's administration chose its files' columns to hold."""
    rows = ColumnChoice.objects.filter(organization=organization).values_list("header", "field")
    return choices_from_data(dict(rows))


def choose_columns(
    *,
    run: ImportRun,
    actor: User,
    fields: dict[str, Field | None],
    upload: tuple[str, bytes] | None = None,
    limits: Limits | None = None,
) -> ImportRun:
    """Read the run's columns as chosen (header → field or None), remember it, check again.

    ``fields`` holds a choice for every header of the run. A previewed run still has its
    file and is checked again in place. A refused run kept no file (IO-05), so ``upload``
    (name, bytes) brings it again as a new run; without it only the choice is remembered.
    """
    organization = run.organization
    choices = {header: field for header, field in fields.items() if field != recognised(header)}
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(organization=organization, pk=run.pk)
        _remember(organization, actor=actor, fields=fields, choices=choices)
        if run.status == ImportStatus.PREVIEWED:
            return _check_again(run, actor=actor, choices=choices, limits=limits)
        if upload is None:
            return run
        filename, content = upload
        return check_import(
            organization=organization,
            actor=actor,
            filename=filename,
            content=content,
            deactivate_missing=run.deactivate_missing,
            limits=limits,
            choices={**remembered_choices(organization), **choices},
        )


def _remember(
    organization: Organization,
    *,
    actor: User,
    fields: dict[str, Field | None],
    choices: dict[str, Field | None],
) -> None:
    """Keep the choices that differ from the header's own meaning; forget the others."""
    before = dict(
        ColumnChoice.objects.filter(organization=organization, header__in=fields).values_list(
            "header", "field"
        )
    )
    ColumnChoice.objects.filter(organization=organization, header__in=fields).exclude(
        header__in=choices
    ).delete()
    for header, field in choices.items():
        if len(header) <= REMEMBERED_HEADER_LENGTH:
            ColumnChoice.objects.update_or_create(
                organization=organization,
                header=header,
                defaults={"field": field.value if field else "", "chosen_by": actor},
            )
    after = choices_to_data(choices)
    changes = {
        header: [before.get(header), after.get(header)]
        for header in fields
        if before.get(header) != after.get(header)
    }
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="people.import.columns_chosen",
            object_type="people.columnchoice",
            changes=changes,
        )


def _check_again(
    run: ImportRun, *, actor: User, choices: Choices, limits: Limits | None
) -> ImportRun:
    """The dry run of a previewed run repeated with other column choices; the caller locks it."""
    plan = plan_import(
        organization=run.organization,
        filename=run.filename,
        content=bytes(run.content),
        deactivate_missing=run.deactivate_missing,
        limits=limits or Limits.from_settings(),
        choices=choices,
    )
    status = ImportStatus.PREVIEWED if plan.ok else ImportStatus.INVALID
    run.status = status
    run.summary = plan.summary()
    run.errors = plan.problems
    run.column_choices = choices_to_data(plan.choices)
    fields = ["status", "summary", "errors", "column_choices"]
    if not plan.ok:
        run.content = b""  # IO-05: a refused file is not kept
        fields.append("content")
    run.save(update_fields=fields)
    audit.record(
        organization=run.organization,
        actor=actor,
        action="people.import.checked",
        obj=run,
        changes={"status": [ImportStatus.PREVIEWED, status], "rows": [None, plan.rows]},
    )
    return run


def apply_import(*, run: ImportRun, actor: User | None, limits: Limits | None = None) -> ImportRun:
    """Apply a previewed run in one transaction, or mark it invalid and change nothing else."""
    organization = run.organization
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(organization=organization, pk=run.pk)
        if run.status != ImportStatus.PREVIEWED:
            return run  # decided meanwhile, by another request
        plan = plan_import(
            organization=organization,
            filename=run.filename,
            content=bytes(run.content),
            deactivate_missing=run.deactivate_missing,
            limits=limits or Limits.from_settings(),
            # The preview's choices, not the organisation's current ones: what was shown is done.
            choices=choices_from_data(run.column_choices),
        )
        if not plan.ok:
            _close(run, status=ImportStatus.INVALID, summary=plan.summary(), errors=plan.problems)
            audit.record(
                organization=organization,
                actor=actor,
                action="people.import.checked",
                obj=run,
                changes={"status": [ImportStatus.PREVIEWED, ImportStatus.INVALID]},
            )
            return run
        _write(plan, organization=organization, actor=actor)
        _close(run, status=ImportStatus.APPLIED, summary=plan.summary(), errors=[])
        audit.record(
            organization=organization,
            actor=actor,
            action="people.import.applied",
            obj=run,
            changes={
                "status": [ImportStatus.PREVIEWED, ImportStatus.APPLIED],
                **{key: [None, run.summary[key]] for key in ("new", "changed", "deactivated")},
            },
        )
    return run


@transaction.atomic
def discard_import(*, run: ImportRun, actor: User | AnonymousUser | None) -> None:
    old = run.status
    # The names of the people the file listed go with the file; the counts stay.
    summary = {key: value for key, value in run.summary.items() if key != "people"}
    _close(run, status=ImportStatus.DISCARDED, summary=summary, errors=run.errors)
    audit.record(
        organization=run.organization,
        action="people.import.discarded",
        obj=run,
        # Views reach here only when logged in; the type admits what a plain request holds.
        actor=actor if isinstance(actor, User) else None,
        changes={"status": [old, ImportStatus.DISCARDED]},
    )


def _close(
    run: ImportRun, *, status: ImportStatus, summary: dict[str, Any], errors: list[Any]
) -> None:
    """Record the decision and erase the uploaded bytes, which are no longer needed."""
    run.status = status
    run.summary = summary
    run.errors = errors
    run.content = b""
    fields = ["status", "summary", "errors", "content"]
    if status == ImportStatus.APPLIED:
        run.applied = timezone.now()
        fields.append("applied")
    run.save(update_fields=fields)


def _clean_filename(filename: str) -> str:
    name = os.path.basename(filename.replace("\\", "/"))
    name = "".join(char for char in name if char.isprintable())
    return name[-255:] or "upload"


# Writing ---------------------------------------------------------------------


def _write(plan: Plan, *, organization: Organization, actor: User | None) -> None:
    """Create, update, link and deactivate; the caller holds the transaction."""
    assert plan.columns is not None  # noqa: S101 (a valid plan always has its columns)
    columns = plan.columns
    now = timezone.now()
    pks = _pks(organization)

    # New people are created top-down, one level of the file's chart at a time, so
    # each is linked to a supervisor whose key is known: no second pass of UPDATEs,
    # which costs far more than an INSERT on SQLite for large files.
    for level in _levels(plan.new, existing=pks):
        created = Employee.objects.bulk_create(
            [
                Employee(
                    organization=organization,
                    employee_id=record.employee_id,
                    supervisor_id=pks.get(record.supervisor_id or ""),
                    **record_values(record, columns),
                )
                for record in level
            ],
            batch_size=BATCH,
        )
        if all(employee.pk for employee in created):
            pks.update((employee.employee_id, employee.pk) for employee in created)
        else:  # a database that does not return keys from a bulk insert
            pks = _pks(organization)

    # bulk_update writes every listed field, so people are grouped by what changed for them.
    by_fields: dict[tuple[str, ...], list[Employee]] = {}
    for update in plan.updates:
        values = {name: new for name, (_old, new) in update.changes.items()}
        values.pop("appraisers", None)
        if "supervisor" in values:
            values["supervisor_id"] = pks.get(values.pop("supervisor"))
        if values:
            names = tuple(sorted(name.removesuffix("_id") for name in values))
            by_fields.setdefault(names, []).append(
                Employee(pk=update.existing.pk, updated=now, **values)
            )
    for names, employees in by_fields.items():
        Employee.objects.bulk_update(employees, [*names, "updated"], batch_size=UPDATE_BATCH)

    _replace_appraisers(plan, pks)
    # A link mailed to an address HR has since corrected must not work (it may have gone to
    # the wrong person); the invitation waits to be sent again to the new address.
    readdressed = [update.existing.pk for update in plan.updates if "email" in update.changes]
    for chunk in _chunks(readdressed, IN_BATCH):
        invitations.void_links(employee_ids=chunk)
    for chunk in _chunks([person.pk for person in plan.missing], IN_BATCH):
        Employee.objects.filter(pk__in=chunk).update(status=EmployeeStatus.TERMINATED, updated=now)
    _end_logins(plan, organization=organization, actor=actor)
    recompute_reporting_paths(organization)
    audit.record_many(organization=organization, actor=actor, changes=_audit_changes(plan))


def _levels(records: list[Record], *, existing: dict[str, int]) -> Iterator[list[Record]]:
    """New records in waves: those whose supervisor exists (or who have none) first.

    Validation has ruled out cycles, so every record is reached.
    """
    waiting: dict[str, list[Record]] = {}
    level: list[Record] = []
    for record in records:
        supervisor = record.supervisor_id or ""
        if not supervisor or supervisor in existing:
            level.append(record)
        else:
            waiting.setdefault(supervisor, []).append(record)
    while level:
        yield level
        level = [child for record in level for child in waiting.pop(record.employee_id, [])]


def _pks(organization: Organization) -> dict[str, int]:
    return dict(Employee.objects.filter(organization=organization).values_list("employee_id", "pk"))


def _replace_appraisers(plan: Plan, pks: dict[str, int]) -> None:
    """New appraiser lists replace the old ones, for the people whose list changed."""
    through = Employee.appraisers.through
    replaced = [
        (pks[update.record.employee_id], update.record.appraisers or [])
        for update in plan.updates
        if "appraisers" in update.changes
    ]
    for chunk in _chunks([pk for pk, _ in replaced], IN_BATCH):
        through.objects.filter(from_employee_id__in=chunk).delete()
    added = replaced + [
        (pks[record.employee_id], record.appraisers) for record in plan.new if record.appraisers
    ]
    through.objects.bulk_create(
        (
            through(from_employee_id=pk, to_employee_id=pks[appraiser])
            for pk, appraisers in added
            for appraiser in appraisers
        ),
        batch_size=BATCH,
    )


def _end_logins(plan: Plan, *, organization: Organization, actor: User | None) -> None:
    """AUTH-05: whoever leaves the organisation loses their place in it and their sessions,
    now; their login only if it belongs to no other organisation (AUTH-09)."""
    user_ids = {person.user_id for person in plan.missing if person.user_id} | {
        update.existing.user_id
        for update in plan.updates
        if update.terminates and update.existing.user_id
    }
    for user in User.objects.filter(pk__in=user_ids):
        end_membership(organization=organization, actor=actor, user=user)


def _audit_changes(plan: Plan) -> Iterator[Change]:
    """One audit entry per person touched, with e-mail addresses masked (AZ-06)."""
    columns = plan.columns
    assert columns is not None  # noqa: S101
    for record in plan.new:
        values: dict[str, Any] = {
            name: [None, value] for name, value in record_values(record, columns).items() if value
        }
        if record.supervisor_id:
            values["supervisor"] = [None, record.supervisor_id]
        if record.appraisers:
            values["appraisers"] = [None, sorted(record.appraisers)]
        yield _change("created", record.employee_id, values)
    for update in plan.updates:
        action = "deactivated" if update.terminates else "updated"
        yield _change(action, update.record.employee_id, update.changes)
    for person in plan.missing:
        status = [person.values["status"], EmployeeStatus.TERMINATED.value]
        yield _change("deactivated", person.employee_id, {"status": status})


def _change(action: str, employee_id: str, changes: dict[str, Any]) -> Change:
    return Change(
        action=f"people.employee.{action}",
        object_type="people.employee",
        object_id=employee_id,
        changes=audit.mask(changes, MASKED),
    )


def _chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
