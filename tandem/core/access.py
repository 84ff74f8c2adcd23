"""Roles a user holds in an organisation."""

from django_scopes import scopes_disabled

from tandem.core.models import Membership, Organization


def roles_of(user: object, organization: Organization) -> frozenset[str]:
    """The roles ``user`` holds in ``organization`` (empty for everyone else)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    # Memberships are read for the user, across organisations, before any scope is active.
    with scopes_disabled():
        return frozenset(
            Membership.objects.filter(organization=organization, user=user).values_list(
                "role", flat=True
            )
        )
