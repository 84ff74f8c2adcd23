"""Issuing, revoking and checking the organisation's SCIM bearer token."""

import secrets

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Organization
from tandem.people.models import token_digest
from tandem.provisioning.models import ScimToken

# A prefix makes a leaked token recognisable to secret scanners and to people.
TOKEN_PREFIX = "tandem_scim_"  # noqa: S105 (a prefix, not a secret)


@transaction.atomic
def issue_token(*, organization: Organization, actor: User) -> str:
    """A new token for the organisation's directory; the previous one stops working now.

    The token is returned once, to be shown once; only its SHA-256 is kept.
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    _stored, created = ScimToken.objects.update_or_create(
        organization=organization,
        defaults={
            "token_digest": token_digest(token),
            "issued_by": actor,
            "issued": timezone.now(),
        },
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="provisioning.token.created" if created else "provisioning.token.rotated",
        object_type="provisioning.scimtoken",
        object_id=organization.slug,
        security=True,
    )
    return token


@transaction.atomic
def revoke_token(*, organization: Organization, actor: User) -> bool:
    """The directory can no longer provision anyone until a new token is issued."""
    deleted, _count = ScimToken.objects.filter(organization=organization).delete()
    if deleted:
        audit.record(
            organization=organization,
            actor=actor,
            action="provisioning.token.revoked",
            object_type="provisioning.scimtoken",
            object_id=organization.slug,
            security=True,
        )
    return bool(deleted)


def organization_for_token(token: str) -> Organization | None:
    """The organisation a presented token belongs to, or None.

    The lookup is by the token's digest, an indexed equality on a value the
    caller cannot choose, so its time tells nothing about stored tokens.
    """
    if not token:
        return None
    with scopes_disabled():
        stored = (
            ScimToken.objects.select_related("organization")
            .filter(token_digest=token_digest(token))
            .first()
        )
    return stored.organization if stored is not None else None
