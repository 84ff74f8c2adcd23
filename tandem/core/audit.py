"""Writing the audit log (AZ-06): who changed what, when; masked, never free text."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from tandem.core.models import AuditEntry, Organization
from tandem.core.security import log_event

MASK = "•••"


@dataclass(frozen=True)
class Change:
    """One state change to record: ``changes`` maps a field to ``[old, new]``."""

    action: str
    object_type: str
    object_id: str
    changes: Mapping[str, Any] = field(default_factory=dict)


def mask(changes: Mapping[str, Any], masked_fields: Iterable[str]) -> dict[str, Any]:
    """The changes with ``masked_fields`` hidden: the log shows *that* they changed."""
    hidden = set(masked_fields)
    return {name: [MASK, MASK] if name in hidden else value for name, value in changes.items()}


def record(
    *,
    organization: Organization,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: Mapping[str, Any] | None = None,
    security: bool = False,
) -> AuditEntry:
    """One entry; ``security`` also writes it to the security log (AUTH-08), without changes."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", obj.pk))
    if security:
        log_event(
            action,
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            organization=organization.slug,
        )
    return AuditEntry.objects.create(
        organization=organization,
        actor_id=actor.pk if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=dict(changes or {}),
    )


def record_many(
    *, organization: Organization, actor: AbstractBaseUser | None, changes: Iterable[Change]
) -> int:
    """Record many changes in a few queries (an import touches thousands of people)."""
    entries = [
        AuditEntry(
            organization=organization,
            actor_id=actor.pk if actor is not None else None,
            action=change.action,
            object_type=change.object_type,
            object_id=change.object_id,
            changes=dict(change.changes),
        )
        for change in changes
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
