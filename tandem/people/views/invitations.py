"""Following a login invitation: link the signed-in login, or choose a password for a new one."""

from allauth.account.models import EmailAddress
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django_scopes import scope

from tandem.accounts.models import User
from tandem.people import invitations
from tandem.people.forms import NewLoginForm
from tandem.people.models import LoginInvitation

BACKEND = "tandem.accounts.backends.AuthenticationBackend"


@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.find_usable(token)
    if invitation is None:
        return render(request, "people/invitation_invalid.html", status=404)
    with scope(organization=invitation.organization):
        if request.user.is_authenticated:
            return _link_signed_in(request, invitation)
        return _new_login(request, invitation)


def _link_signed_in(request: HttpRequest, invitation: LoginInvitation) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            invitations.accept(invitation=invitation, user=request.user)  # type: ignore[arg-type]
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return redirect(_next(invitation))
    context = {"invitation": invitation, "error": error, "form": None}
    return render(request, "people/invitation_accept.html", context)


def _new_login(request: HttpRequest, invitation: LoginInvitation) -> HttpResponse:
    employee = invitation.employee
    unsaved = User(
        email=invitation.email,
        first_name=employee.first_name if employee is not None else "",
        last_name=employee.last_name if employee is not None else "",
        language=invitation.organization.language,
    )
    form = NewLoginForm(request.POST or None, user=unsaved)
    if request.method == "POST" and form.is_valid():
        try:
            user = _create_and_accept(invitation, unsaved, form.cleaned_data["password1"])
        except IntegrityError:
            form.add_error(None, form.error_messages["taken"])
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            login(request, user, backend=BACKEND)
            return redirect(_next(invitation))
    context = {"invitation": invitation, "form": form, "error": ""}
    return render(request, "people/invitation_accept.html", context)


@transaction.atomic
def _create_and_accept(invitation: LoginInvitation, user: User, password: str) -> User:
    """A new login for the invitation's address, verified by the link just followed.

    An address some login already uses makes the insert fail (the database's
    unique rule): its owner signs in and follows the link again instead.
    """
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitations.accept(invitation=invitation, user=user)
    return user


def _next(invitation: LoginInvitation) -> str:
    target = invitation.next_path
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return reverse("people:organization_home", kwargs={"org_slug": invitation.organization.slug})
