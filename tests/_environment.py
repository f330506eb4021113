"""Loaded with `-p` before pytest-django reads the settings: the tests' environment is pinned here.

The settings take everything from the environment, and a shell may hold values the tests do not assume
(`YHTEISPOLKU_DEMO=1` left over from trying the demo turns the TOTP step off and fails the login tests).
Every variable the settings read is removed, except the database the runner chose, so each setting takes
its test-mode default; a test that needs another value sets it with pytest-django's `settings`.
`tests/test_environment.py` fails when the settings read a variable this list does not name.
"""

import os

# Chosen by scripts/run-tests (SQLite or PostgreSQL) and kept.
KEPT = frozenset({"DATABASE_URL"})

PINNED_AWAY = frozenset(
    {
        "ALLOWED_HOSTS",
        "ALLOW_TEST_IDENTITY_CODES",
        "ATTACHMENT_MAX_BYTES",
        "AUDIT_ANCHOR_FILE",
        "AUDIT_ANCHOR_SYSLOG",
        "AXES_COOLOFF_MINUTES",
        "AXES_FAILURE_LIMIT",
        "BEHIND_TLS_PROXY",
        "CACHE_REDIS_URL",
        "CONN_MAX_AGE",
        "CSRF_TRUSTED_ORIGINS",
        "DB_POOL",
        "DB_POOL_MAX_SIZE",
        "DB_POOL_MIN_SIZE",
        "DB_POOL_TIMEOUT",
        "DEBUG",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_HOST_USER",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "FIELD_ENCRYPTION_SALTS",
        "HETU_HMAC_KEY",
        "HSTS_SECONDS",
        "LOG_LEVEL",
        "NOTICE_MAX_ATTEMPTS",
        "NOTICE_SMS_BACKEND",
        "NOTICE_SMS_EMAIL_GATEWAY",
        "NOTICE_SMS_HTTP_TOKEN",
        "NOTICE_SMS_HTTP_URL",
        "OIDC_IDENTITY_CODE_CLAIM",
        "OIDC_LOA_ACCEPTED",
        "OIDC_LOA_CLAIM",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_ISSUER",
        "OIDC_OP_JWKS_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_RP_SCOPES",
        "OIDC_RP_SIGN_ALGO",
        "OIDC_TIMEOUT_SECONDS",
        "OIDC_USE_PKCE",
        "PROXY_COUNT",
        "SECRET_KEY",
        "SECURE_COOKIES",
        "SECURE_SSL_REDIRECT",
        "SESSION_IDLE_TIMEOUT_SECONDS",
        "SESSION_MAX_AGE_SECONDS",
        "SITE_URL",
        "TOTP_REQUIRED",
        "YHTEISPOLKU_DEMO",
        "YHTEISPOLKU_PRIVATE_FILES_DIR",
        "YHTEISPOLKU_VAR_DIR",
    }
)

for name in PINNED_AWAY:
    os.environ.pop(name, None)
    os.environ.pop(f"{name}_FILE", None)
os.environ["YHTEISPOLKU_TESTING"] = "1"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
