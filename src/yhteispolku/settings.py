"""Configuration from environment variables, with safe defaults.

Every value can be set in the environment; secrets also from a file (`NAME_FILE`).
Nothing secret lives in the repository. `DEBUG` is off unless asked for.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("YHTEISPOLKU_VAR_DIR", PROJECT_DIR / "var"))


def envstr(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in (envstr(name, default) or "").split(",") if item.strip()]


def local_secret(name: str) -> str:
    """A per-installation secret kept under var/, for demo and development machines only."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


DEBUG = envbool("DEBUG", False)
# Demo mode: demo data, test-range identity codes and the TOTP bypass. Never in production.
DEMO_MODE = envbool("YHTEISPOLKU_DEMO", False)
TESTING = envbool("YHTEISPOLKU_TESTING", False)
LOCAL_SECRETS_ALLOWED = DEBUG or DEMO_MODE or TESTING

SECRET_KEY = envstr("SECRET_KEY") or ""
if not SECRET_KEY:
    if not LOCAL_SECRETS_ALLOWED:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    SECRET_KEY = local_secret("secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "yhteispolku.web",
    "yhteispolku.organisations",
    "yhteispolku.accounts",
    "yhteispolku.audit",
    "yhteispolku.events",
    "yhteispolku.clients",
    "yhteispolku.cases",
    "yhteispolku.assessments",
    "yhteispolku.plans",
    "yhteispolku.paths",
    "yhteispolku.rules",
    "yhteispolku.collaboration",
    "yhteispolku.worklist",
    "yhteispolku.documents",
    "yhteispolku.applications",
    "yhteispolku.advice",
    "yhteispolku.privacy",
    "yhteispolku.reports",
    "yhteispolku.access",
    "yhteispolku.api",
    "yhteispolku.interop",
    "yhteispolku.portal",
    "yhteispolku.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's access-log entries in one INSERT when it ends (docs/audit-log.md).
    "yhteispolku.audit.middleware.AuditWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yhteispolku.web.middleware.FinnishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A rule version saved by another process is read again at this request's first rule read.
    "yhteispolku.rules.middleware.RuleVersionMiddleware",
    # Client data stays out of browser and proxy caches (sees the response after every later layer).
    "yhteispolku.web.middleware.NoStoreMiddleware",
    # Control characters refused and the API's errors JSON before any view runs (in the user's language).
    "yhteispolku.core.middleware.EdgeMiddleware",
    # Before the idle timeout, which leaves a message for the login page.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yhteispolku.accounts.middleware.IdleTimeoutMiddleware",
    "yhteispolku.accounts.middleware.SecondFactorMiddleware",
    # A consultation guest signed in with an invitation reaches the guest pages only (404 elsewhere).
    "yhteispolku.accounts.middleware.GuestConfinementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yhteispolku.urls"
WSGI_APPLICATION = "yhteispolku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yhteispolku.web.context_processors.site",
                "yhteispolku.web.context_processors.inbox",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'yhteispolku.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout so that a second request waits instead of failing "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool("DB_POOL", True):
    # A bounded pool per process (psycopg_pool): at most DB_POOL_MAX_SIZE connections to PostgreSQL however
    # many requests run at once; a request waits up to DB_POOL_TIMEOUT seconds for one, then is answered 503
    # (see core.database). A burst of 50 requests once opened 100 connections and got 71 × 500. The pool
    # keeps its connections itself, so Django's persistent connections must be off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DB_POOL_MIN_SIZE", 2),
        "max_size": envint("DB_POOL_MAX_SIZE", 10),
        "timeout": envint("DB_POOL_TIMEOUT", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache is each process's own memory unless CACHE_REDIS_URL names a Redis server that every app
# server shares (redis://host:6379/0). It holds only the header's inbox count, a number per user and day
# for a minute (no client data). Behind a balancer a user's requests spread over every worker, so a
# per-process copy is often missed and the count (the worklist's sources) computed again (bench/README.md,
# "Load test"; docs/deployment.md).
CACHE_REDIS_URL = envstr("CACHE_REDIS_URL", "") or ""
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": "yhteispolku",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yhteispolku.accounts.backends.ProfessionalBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Personal identity codes: encrypted at rest (keys derived from SECRET_KEY and these salts; the first
# salt encrypts, all decrypt; see README "Key rotation") and looked up through a keyed HMAC column.
SALT_KEY = envlist("FIELD_ENCRYPTION_SALTS", "")
if not SALT_KEY and LOCAL_SECRETS_ALLOWED:
    SALT_KEY = [local_secret("field_encryption_salt")]
HETU_HMAC_KEY = envstr("HETU_HMAC_KEY") or ""
if not HETU_HMAC_KEY and LOCAL_SECRETS_ALLOWED:
    HETU_HMAC_KEY = local_secret("hetu_hmac_key")
if not SALT_KEY or not HETU_HMAC_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_SALTS and HETU_HMAC_KEY must be set in production")
# Identity codes in the temporary/test range (individual number 900-999) are refused unless allowed:
# demo and test data use only those, so no demo person can be a real one.
ALLOW_TEST_IDENTITY_CODES = envbool("ALLOW_TEST_IDENTITY_CODES", DEMO_MODE or TESTING)

# Second factor: TOTP for every professional outside demo mode (demo logins are listed in the README).
TOTP_REQUIRED = envbool("TOTP_REQUIRED", not DEMO_MODE)
# A consultation guest (a person of the client's network) reaches the consultation until this many days
# after its day; the organiser may revoke the invitation earlier (collaboration.guests).
CONSULTATION_GUEST_DAYS = 14
# The invitation's one-time code: wrong entries before the link stops working.
CONSULTATION_GUEST_CODE_ATTEMPTS = 5
OTP_TOTP_ISSUER = "Yhteispolku"

# Lock an account-and-address pair after repeated failures (django-axes).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)

# Sessions end after inactivity; the idle middleware tells the user why they must log in again.
SESSION_IDLE_TIMEOUT_SECONDS = envint("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = envint("SESSION_MAX_AGE_SECONDS", 10 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security headers. Cookies are Secure outside demo/debug; HSTS whenever DEBUG is off.
SECURE_COOKIES = envbool("SECURE_COOKIES", not LOCAL_SECRETS_ALLOWED)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# The choice of Swedish or English outlives the browser session (Django forgets it at browser close).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yhteispolku.web.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # HDS embeds its icons as data: URIs; the TOTP QR code is an inline data: SVG.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("suomi")), ("sv", _("svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "yhteispolku_language"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Attachments of clients' documents: outside every directory the web server serves, read only through the
# access-checked download view; files over the limit are refused.
PRIVATE_FILES_DIR = Path(os.environ.get("YHTEISPOLKU_PRIVATE_FILES_DIR", VAR_DIR / "private"))
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# The access log's chain head is copied here by `anchor-audit` (cron), one JSON line per run, appended and
# flushed to the disk; `verify-audit` checks the newest. Keep it where the database's administrators cannot
# edit it (another machine's mount, a write-once volume). AUDIT_ANCHOR_SYSLOG (`/dev/log` or `host:port`,
# UDP) sends each anchor to syslog too, e.g. to the organisation's SIEM. See docs/operations.md.
AUDIT_ANCHOR_FILE = Path(os.environ.get("AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))
AUDIT_ANCHOR_SYSLOG = envstr("AUDIT_ANCHOR_SYSLOG", "") or ""
# The access log is split into this many hash chains by client (docs/audit-log.md), so that writers for
# different clients do not wait for one chain head. Changing it only sends new entries to other chains.
AUDIT_CHAINS = 64

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# E-mail: only the content-free reminder notice (`remind --send`: "you have N items waiting", a link, no
# client and no detail). Console in demo and development, Django's in-memory outbox in tests, SMTP otherwise
# (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS); EMAIL_BACKEND overrides.
EMAIL_BACKEND = envstr("EMAIL_BACKEND") or (
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE or DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "yhteispolku@localhost") or "yhteispolku@localhost"
# The address the notice links to (the service's own address; the worklist's path is added to it).
SITE_URL = (envstr("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

# Oma Yhteispolku's notices to clients ("Sinulle on uusi asia Oma Yhteispolussa" and the address, nothing
# else), only to contact details she agreed to: e-mail through EMAIL_BACKEND above; SMS through
# NOTICE_SMS_BACKEND, off by default: "email" (an e-mail-to-SMS gateway, NOTICE_SMS_EMAIL_GATEWAY such as
# "{number}@sms.example.fi"), "http" (a JSON POST to NOTICE_SMS_HTTP_URL, NOTICE_SMS_HTTP_TOKEN as bearer)
# or a dotted path of a class with send(number, text). A failed notice is retried by `send-notices` up to
# NOTICE_MAX_ATTEMPTS times (notices/sms.py, notices/services.py).
NOTICE_SMS_BACKEND = envstr("NOTICE_SMS_BACKEND", "") or ""
NOTICE_SMS_EMAIL_GATEWAY = envstr("NOTICE_SMS_EMAIL_GATEWAY", "") or ""
NOTICE_SMS_HTTP_URL = envstr("NOTICE_SMS_HTTP_URL", "") or ""
NOTICE_SMS_HTTP_TOKEN = envstr("NOTICE_SMS_HTTP_TOKEN", "") or ""
NOTICE_MAX_ATTEMPTS = envint("NOTICE_MAX_ATTEMPTS", 5)

# Oma Yhteispolku: clients identify strongly through an OpenID Connect provider (a Suomi.fi identification
# broker or the region's own service; mozilla-django-oidc). Off until the issuer is set; in demo mode a
# marked demo identification page stands in for it. See README "Oma Yhteispolku".
OIDC_OP_ISSUER = (envstr("OIDC_OP_ISSUER", "") or "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = envstr("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_OP_JWKS_ENDPOINT", "") or ""
OIDC_RP_CLIENT_ID = envstr("OIDC_RP_CLIENT_ID", "") or ""
OIDC_RP_CLIENT_SECRET = envstr("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_RP_SIGN_ALGO = envstr("OIDC_RP_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = envstr("OIDC_RP_SCOPES", "openid") or "openid"
OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", False)
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "portal:oidc_callback"
# The claim that carries the personal identity code (Suomi.fi: the national identification number's OID).
OIDC_IDENTITY_CODE_CLAIM = envstr("OIDC_IDENTITY_CODE_CLAIM", "urn:oid:1.2.246.21") or "urn:oid:1.2.246.21"
# Strong identification only: the claim naming the level of assurance and the values accepted (substantial
# or high; Suomi.fi's loa2/loa3 and eIDAS's names).
OIDC_LOA_CLAIM = envstr("OIDC_LOA_CLAIM", "acr") or "acr"
OIDC_LOA_ACCEPTED = envlist(
    "OIDC_LOA_ACCEPTED",
    "http://ftn.ficora.fi/2017/loa2,http://ftn.ficora.fi/2017/loa3,"
    "http://eidas.europa.eu/LoA/substantial,http://eidas.europa.eu/LoA/high",
)
