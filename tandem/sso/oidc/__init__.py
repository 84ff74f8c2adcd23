"""OpenID Connect per organisation: allauth's provider, with the checks the standard asks for.

allauth's OpenID Connect provider does the authorisation code flow with PKCE and
state. This package adds what it leaves out: a nonce sent with every request and
required back in the ID token, the ID token's signature checked always (not only
when it came another way than the token endpoint), and a subject qualified by the
issuer. It is registered in place of allauth's (``SOCIALACCOUNT_PROVIDERS``), so
only these views answer under ``/account/oidc/``.
"""
