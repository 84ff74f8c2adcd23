"""Setting up an organisation's identity provider; every change goes to the audit log."""

from typing import Any

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Organization
from tandem.sso import saml
from tandem.sso.forms import LinkForm, OidcForm, PolicyForm
from tandem.sso.forms_saml import SamlForm, SamlLinkForm
from tandem.sso.models import IdentityProvider, Protocol
from tandem.sso.saml import IdpMetadata

# The settings that make the provider another provider: changing one asks for a new test.
CONNECTION = ("server_url", "client_id", "client_secret")
SAML_CONNECTION = ("entity_id", "sso_url", "x509cert")


# allauth's provider for each protocol (``SocialApp.provider``).
ALLAUTH_PROVIDER = {Protocol.OIDC: "openid_connect", Protocol.SAML: "saml"}


def provider_id_for(organization: Organization) -> str:
    """allauth's name for the organisation's provider; it never changes once made."""
    return f"org-{organization.pk}"


def _current(
    organization: Organization, protocol: Protocol
) -> tuple[IdentityProvider | None, SocialApp]:
    """The organisation's provider (if any) and its app, or a new app for ``protocol``.

    One protocol at a time: a provider of the other one is removed first, so its links end
    and nothing of one protocol's settings lingers in the other's app.
    """
    provider = (
        IdentityProvider.objects.select_related("app").filter(organization=organization).first()
    )
    if provider is not None and provider.protocol != protocol:
        raise ValidationError(
            _(
                "Company sign-in is set up with %(protocol)s. To use another protocol, please "
                "remove it first."
            ),
            params={"protocol": provider.get_protocol_display()},
            code="other_protocol",
        )
    if provider is not None:
        return provider, provider.app
    return None, SocialApp(
        provider=ALLAUTH_PROVIDER[protocol], provider_id=provider_id_for(organization)
    )


@transaction.atomic
def save_oidc(
    *, organization: Organization, actor: User, connection: OidcForm, link: LinkForm
) -> IdentityProvider:
    """Create or change the organisation's OpenID Connect provider."""
    data = connection.cleaned_data
    provider, app = _current(organization, Protocol.OIDC)
    before = {
        "name": app.name,
        "server_url": app.settings.get("server_url"),
        "client_id": app.client_id,
    }
    app.name = data["name"]
    app.client_id = data["client_id"]
    if data["client_secret"]:
        app.secret = data["client_secret"]
    app.settings = {**app.settings, "server_url": data["server_url"], "oauth_pkce_enabled": True}
    app.save()
    changed: dict[str, list[Any]] = {
        name: [before[name], data[name]] for name in before if before[name] != data[name]
    }
    if data["client_secret"]:
        changed["client_secret"] = ["…", "…"]  # that it changed, never what it is
    reconnected = provider is None or any(name in changed for name in CONNECTION)
    return _save_provider(
        organization=organization,
        actor=actor,
        protocol=Protocol.OIDC,
        app=app,
        link=link,
        changed=changed,
        reconnected=reconnected,
    )


@transaction.atomic
def save_saml(
    *, organization: Organization, actor: User, connection: SamlForm, link: SamlLinkForm
) -> IdentityProvider:
    """Create or change the organisation's SAML provider (metadata uploaded, employee ID)."""
    provider, app = _current(organization, Protocol.SAML)
    before = app.settings.get("idp", {})
    metadata: IdpMetadata | None = connection.cleaned_data["metadata"]
    changed: dict[str, list[Any]] = {}
    if metadata is not None:
        saml.configure_app(app, organization=organization, idp=metadata)
        app.save()
        after = app.settings["idp"]
        changed = {
            name: [before.get(name), after[name]]
            for name in SAML_CONNECTION
            if before.get(name) != after[name]
        }
        if "x509cert" in changed:
            changed["x509cert"] = ["…", "…"]  # that it changed; the certificate is in the app
    return _save_provider(
        organization=organization,
        actor=actor,
        protocol=Protocol.SAML,
        app=app,
        link=link,
        changed=changed,
        reconnected=provider is None or bool(changed),
    )


def _save_provider(
    *,
    organization: Organization,
    actor: User,
    protocol: Protocol,
    app: SocialApp,
    link: LinkForm,
    changed: dict[str, list[Any]],
    reconnected: bool,
) -> IdentityProvider:
    """The provider row after its app was saved: link settings, untested if new, audit."""
    existed = link.instance.pk is not None
    link.instance.organization = organization
    link.instance.protocol = protocol
    link.instance.app = app
    new_provider = link.save(commit=False)
    if reconnected:
        # Another provider until proven: tested again before anyone signs in with it.
        new_provider.tested = None
        new_provider.enabled = False
        if organization.sso_required:
            organization.sso_required = False
            organization.save(update_fields=["sso_required"])
            changed["sso_required"] = [True, False]
    new_provider.save()
    changed.update(
        {
            name: [link.initial.get(name), link.cleaned_data[name]]
            for name in link.changed_data
            if name != "domains_text"
        }
    )
    if "domains_text" in link.changed_data:
        changed["domains"] = [
            link.initial.get("domains_text"),
            ", ".join(link.cleaned_data["domains_text"]),
        ]
    audit.record(
        organization=organization,
        actor=actor,
        action="sso.provider.changed" if existed else "sso.provider.created",
        obj=new_provider,
        changes=changed,
        security=True,
    )
    return new_provider


@transaction.atomic
def set_policy(
    *, organization: Organization, actor: User, provider: IdentityProvider, form: PolicyForm
) -> None:
    data = form.cleaned_data
    changes: dict[str, list[Any]] = {}
    if provider.enabled != data["enabled"]:
        changes["enabled"] = [provider.enabled, data["enabled"]]
        provider.enabled = data["enabled"]
        provider.save(update_fields=["enabled", "updated"])
    for name in ("sso_required", "sso_mfa"):
        if getattr(organization, name) != data[name]:
            changes[name] = [getattr(organization, name), data[name]]
            setattr(organization, name, data[name])
    organization.save(update_fields=["sso_required", "sso_mfa"])
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="sso.policy.changed",
            obj=provider,
            changes=changes,
            security=True,
        )


def mark_tested(provider: IdentityProvider) -> None:
    """The provider answered a test sign-in (which comes back outside any organisation)."""
    with scope(organization=provider.organization):
        IdentityProvider.objects.filter(pk=provider.pk).update(tested=timezone.now())


@transaction.atomic
def remove(*, organization: Organization, actor: User, provider: IdentityProvider) -> None:
    """The organisation signs in with passwords again; the links to the provider end."""
    app = provider.app
    organization.sso_required = False
    organization.save(update_fields=["sso_required"])
    audit.record(
        organization=organization,
        actor=actor,
        action="sso.provider.removed",
        obj=provider,
        changes={"protocol": [provider.protocol, None]},
        security=True,
    )
    provider.delete()
    app.delete()  # with it, allauth's links (SocialAccount) through this provider
