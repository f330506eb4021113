"""Safe defaults: the settings outside tests, read in a fresh interpreter with a clean environment."""

import json
import os
import subprocess
import sys

import pytest

SECURITY_SETTINGS = [
    "DEBUG",
    "DEMO_MODE",
    "TOTP_REQUIRED",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SESSION_IDLE_TIMEOUT_SECONDS",
    "AXES_FAILURE_LIMIT",
]
PRODUCTION_SECRETS = {
    "SECRET_KEY": "tuotannon-salaisuus-" + "x" * 40,
    "FIELD_ENCRYPTION_SALTS": "suola",
    "HETU_HMAC_KEY": "hmac-avain",
}


def settings_in(environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script],
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "yhteispolku.settings",
            "YHTEISPOLKU_VAR_DIR": str(tmp_path),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def values(environment: dict[str, str], tmp_path) -> dict[str, object]:
    result = settings_in(environment, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("secure", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"])
def test_production_cookies_are_secure(tmp_path, secure):
    assert values(PRODUCTION_SECRETS, tmp_path)[secure] is True


def test_production_defaults_are_safe(tmp_path):
    production = values(PRODUCTION_SECRETS, tmp_path)

    assert production["DEBUG"] is False
    assert production["DEMO_MODE"] is False
    assert production["TOTP_REQUIRED"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SESSION_IDLE_TIMEOUT_SECONDS"] == 1800
    assert production["AXES_FAILURE_LIMIT"] == 5


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = settings_in({"FIELD_ENCRYPTION_SALTS": "suola", "HETU_HMAC_KEY": "hmac-avain"}, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_demo_mode_lets_professionals_in_without_totp(tmp_path):
    demo = values({"YHTEISPOLKU_DEMO": "1"}, tmp_path)

    assert demo["TOTP_REQUIRED"] is False
    assert demo["SESSION_COOKIE_SECURE"] is False


def test_totp_can_be_required_in_demo_mode_too(tmp_path):
    assert values({"YHTEISPOLKU_DEMO": "1", "TOTP_REQUIRED": "true"}, tmp_path)["TOTP_REQUIRED"] is True


def test_debug_turns_hsts_off(tmp_path):
    assert values({"DEBUG": "true"}, tmp_path)["SECURE_HSTS_SECONDS"] == 0


def test_a_misspelt_boolean_stops_the_start(tmp_path):
    result = settings_in({**PRODUCTION_SECRETS, "TOTP_REQUIRED": "kyllä"}, tmp_path)

    assert result.returncode != 0
    assert "TOTP_REQUIRED must be true or false" in result.stderr
