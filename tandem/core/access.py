"""Roles a user holds in an organisation."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from tandem.core.models import Membership, Organization


def roles_of(user: AbstractBaseUser | AnonymousUser, organization: Organization) -> frozenset[str]:
    """The roles ``user`` holds in ``organization`` (empty for everyone else)."""
    if not user.is_authenticated:
        return frozenset()
    # Memberships are read for the user, across organisations, before any scope is active.
    with scopes_disabled():
        return frozenset(
            Membership.objects.filter(organization=organization, user_id=user.pk).values_list(
                "role", flat=True
            )
        )
