"""Tandem settings: one file, driven by environment variables.

Defaults are safe for production (DEBUG off, secure cookies, strict CSP);
`make run` sets TANDEM_DEBUG=1 for local development. SQLite is the embedded
default; DATABASE_URL switches to PostgreSQL.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[import-untyped,unused-ignore]
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("TANDEM_DEBUG")
TESTING = env_bool("TANDEM_TESTING") or "pytest" in sys.modules
# Commands that only read the code (no request served, nothing signed) need no secret key:
# type checking, and the migration and translation tools (e.g. a bare `makemigrations --check`).
CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "makemessages", "compilemessages"}
_COMMAND = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else ""
TOOLING = TESTING or "mypy" in sys.modules or _COMMAND in CODE_ONLY_COMMANDS

SECRET_KEY = os.environ.get("TANDEM_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TOOLING):
        raise ImproperlyConfigured("Set TANDEM_SECRET_KEY (or TANDEM_DEBUG=1 for development).")
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("TANDEM_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("TANDEM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tandem.core",
    "tandem.accounts",
    "tandem.people",
    "tandem.sso",
    "tandem.provisioning",
    "tandem.programs",
    "tandem.calendars",
    "tandem.matching",
    "tandem.meetings",
    "tandem.workspace",
    "tandem.events",
    "tandem.surveys",
    "tandem.reports",
    "tandem.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]

MIDDLEWARE = [
    "tandem.core.security.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tandem.accounts.middleware.SessionLifetimeMiddleware",
    "tandem.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tandem.core.middleware.NoStoreForAuthenticatedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.core.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- database -----------------------------------------------------------------

SQLITE_OPTIONS = {
    # REL-02: a web server with several processes needs IMMEDIATE transactions and WAL.
    "transaction_mode": "IMMEDIATE",
    "timeout": 5,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("TANDEM_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTH-02: throttling counters must be shared by all processes, so the cache is the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tandem_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- accounts -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "tandem.accounts.backends.AuthenticationBackend",
]
# AUTH-01: length, not composition; 64+ characters allowed.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# AUTH-09: an address counts only once its owner followed the link mailed to it; a new
# address replaces the old one only then (one address per login).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# AUTH-07: the password again (or a second factor) before changing the password, the
# address or two-factor authentication, and before Tandem's own sensitive actions.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("TANDEM_REAUTHENTICATION_SECONDS", "300"))
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# tandem.sso extends the account adapter with company sign-in (its MFA stage).
ACCOUNT_ADAPTER = "tandem.sso.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Sessions are recorded at login (enough to list and end them); no per-request writes.
USERSESSIONS_TRACK_ACTIVITY = False
# Company sign-in (tandem.sso, docs/sso.md): one provider per organisation, set up on its
# settings page. A sign-in is linked by the provider's subject, never by an address.
SOCIALACCOUNT_ADAPTER = "tandem.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"provider_class": "tandem.sso.oidc.provider.Provider"},
    # The login's uid is the IdP's entity id with the NameID (tandem.sso.saml).
    "saml": {"provider_class": "tandem.sso.saml.Provider"},
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tandem"
MFA_ADAPTER = "tandem.accounts.adapter.MFAAdapter"

# AUTH-04: 30 minutes idle (the cookie is renewed on every request), 12 hours absolute.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# SEC-03: __Host- cookies need HTTPS, so they are the default everywhere but in development.
SECURE_COOKIES = env_bool("TANDEM_SECURE_COOKIES", default=not DEBUG)
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES

# --- HTTP hardening (SEC-01, SEC-02) ---------------------------------------------

SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# includeSubDomains is required anyway (SEC-02); preload makes the domain eligible for the list.
SECURE_HSTS_PRELOAD = env_bool("TANDEM_HSTS_PRELOAD", default=True)
SECURE_SSL_REDIRECT = env_bool("TANDEM_SSL_REDIRECT", default=not (DEBUG or TESTING))
# Behind a reverse proxy: its X-Forwarded-Proto says HTTPS, its X-Forwarded-For (the last
# TANDEM_PROXY_COUNT entries are added by trusted proxies) names the client for throttling.
TANDEM_BEHIND_PROXY = env_bool("TANDEM_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TANDEM_BEHIND_PROXY else None
ALLAUTH_TRUSTED_PROXY_COUNT = (
    int(os.environ.get("TANDEM_PROXY_COUNT", "1")) if TANDEM_BEHIND_PROXY else 0
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- internationalisation ---------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# English dates day-first with a 24-hour clock (config/formats/en).
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "tandem" / "locale", BASE_DIR / "tandem" / "locale_overrides"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# --- static files -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- e-mail -----------------------------------------------------------------------

# Django 6.1 mailers. SMTP by default (on-prem Exchange or any relay); the
# console in development so no mail leaves the machine.
EMAIL_BACKEND_PATH = os.environ.get(
    "TANDEM_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("TANDEM_EMAIL_HOST", "127.0.0.1"),
        "port": int(os.environ.get("TANDEM_EMAIL_PORT", "25")),
        "username": os.environ.get("TANDEM_EMAIL_USER", ""),
        "password": os.environ.get("TANDEM_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("TANDEM_EMAIL_TLS"),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("TANDEM_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- logging --------------------------------------------------------------------

# JSON lines in production (one record per line, the fields of AUTH-08 at the top level),
# plain text in development. Every record carries the request id.
LOG_FORMAT = os.environ.get("TANDEM_LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tandem.core.security.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("TANDEM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A line per rendering step and per font subset: noise in every worker's log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Tandem -----------------------------------------------------------------------

# IO-01: upload limits, checked before any parsing.
TANDEM_IMPORT_MAX_BYTES = 5 * 1024 * 1024
TANDEM_IMPORT_MAX_ROWS = 20_000
TANDEM_IMPORT_MAX_COLUMNS = 100
# PRIV-01: no aggregate over fewer people than this; organisations may only raise it.
TANDEM_MIN_GROUP_SIZE = 5
# Matching runs for pools up to this many people are computed in the request; larger in a task.
TANDEM_MATCHING_INLINE_LIMIT = int(os.environ.get("TANDEM_MATCHING_INLINE_LIMIT", "200"))

# --- background work (REL-05, ADR 0011) ---------------------------------------------

# The address every link in mail and calendars starts with (tandem.core.links), never the
# request's host: the worker and the scheduler have no request, and a Host header is the client's.
# Production must name it: mail with links to 127.0.0.1 would reach nobody.
TANDEM_BASE_URL = os.environ.get("TANDEM_BASE_URL", "")
if not TANDEM_BASE_URL:
    if not (DEBUG or TOOLING):
        raise ImproperlyConfigured("Set TANDEM_BASE_URL, e.g. https://tandem.example.org.")
    TANDEM_BASE_URL = "http://127.0.0.1:8000"
# How long a login invitation link stays valid.
TANDEM_INVITATION_DAYS = int(os.environ.get("TANDEM_INVITATION_DAYS", "14"))
# Tasks `run_scheduler` enqueues every TANDEM_SCHEDULER_SECONDS; each pass is idempotent.
TANDEM_PERIODIC_TASKS = [
    "tandem.workspace.tasks.run_reminders",
    "tandem.surveys.tasks.run_surveys",
    "tandem.matching.tasks.remind_unanswered",
]
TANDEM_SCHEDULER_SECONDS = int(os.environ.get("TANDEM_SCHEDULER_SECONDS", "300"))
# A mail task that fails on the mail server retries after 1, 5, 25 … minutes, then gives up.
TANDEM_MAIL_RETRY_ATTEMPTS = int(os.environ.get("TANDEM_MAIL_RETRY_ATTEMPTS", "5"))
TANDEM_MAIL_RETRY_BASE_SECONDS = 60
TANDEM_MAIL_RETRY_MAX_SECONDS = 2 * 60 * 60
# A partner who has not answered a proposed tandem is reminded once, this many days before
# the answer is due.
TANDEM_ANSWER_REMINDER_DAYS = int(os.environ.get("TANDEM_ANSWER_REMINDER_DAYS", "2"))
# Reminders and nudges to the partners of a running tandem.
TANDEM_REMINDER_HOURS_BEFORE = int(os.environ.get("TANDEM_REMINDER_HOURS_BEFORE", "24"))
TANDEM_NUDGE_MARK_DAYS = int(os.environ.get("TANDEM_NUDGE_MARK_DAYS", "1"))
TANDEM_NUDGE_FOLLOW_UP_DAYS = int(os.environ.get("TANDEM_NUDGE_FOLLOW_UP_DAYS", "2"))
# Nudges whose moment lies further back than this are dropped, not sent late.
TANDEM_NUDGE_WINDOW_DAYS = int(os.environ.get("TANDEM_NUDGE_WINDOW_DAYS", "7"))

# --- backups (REL-07, PRIV-08; docs/operations.md) ----------------------------------

# Where `manage.py backup` writes and `backup_prune` deletes; the folder is not in git.
TANDEM_BACKUP_DIR = Path(os.environ.get("TANDEM_BACKUP_DIR", str(BASE_DIR / "backups")))
# Backups older than this many days are deleted by `backup_prune` (the documented retention).
TANDEM_BACKUP_RETENTION_DAYS = int(os.environ.get("TANDEM_BACKUP_RETENTION_DAYS", "30"))
