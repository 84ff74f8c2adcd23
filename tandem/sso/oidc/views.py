"""Start and callback of an OpenID Connect sign-in (allauth's views with Tandem's adapter)."""

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404, HttpRequest, HttpResponse

from tandem.sso.oidc.provider import Adapter


class CallbackView(OAuth2CallbackView):  # type: ignore[misc]
    """Hands the stashed state (with the nonce) to the adapter that checks the ID token."""

    adapter: Adapter

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


def _serve(
    view_class: type[OAuth2LoginView | CallbackView], request: HttpRequest, provider_id: str
) -> HttpResponse:
    try:
        view = view_class.adapter_view(Adapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    return response


@login_not_required  # type: ignore[untyped-decorator]
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _serve(OAuth2LoginView, request, provider_id)


@login_not_required  # type: ignore[untyped-decorator]
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _serve(CallbackView, request, provider_id)
