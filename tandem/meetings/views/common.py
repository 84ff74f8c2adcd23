"""What the meetings pages share."""

from django.http import HttpRequest


def base_url(request: HttpRequest) -> str:
    """The site's address as the request reached it, for links in e-mails and calendars."""
    return request.build_absolute_uri("/")
