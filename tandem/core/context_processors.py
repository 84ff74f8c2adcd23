"""Template context for the navigation: the current organisation and the user's roles there."""

from django.http import HttpRequest

from tandem.core.models import MembershipRole


def navigation(request: HttpRequest) -> dict[str, object]:
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    return {
        "current_organization": getattr(request, "organization", None),
        "current_roles": roles,
        "is_org_admin": MembershipRole.ADMIN in roles,
        "is_program_manager": MembershipRole.PROGRAM_MANAGER in roles,
        "is_observer": MembershipRole.OBSERVER in roles,
    }
