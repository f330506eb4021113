"""The tests run with the settings' test defaults, whatever the caller's shell exports."""

import re
from pathlib import Path

from django.conf import settings

from tests._environment import KEPT, PINNED_AWAY

SETTINGS_SOURCE = Path(__file__).parent.parent / "src" / "yhteispolku" / "settings.py"


def test_every_variable_the_settings_read_is_pinned_or_kept():
    read = set(
        re.findall(r'(?:env(?:str|bool|int|list)|os\.environ\.get)\("([A-Z_]+)"', SETTINGS_SOURCE.read_text())
    )

    assert read, "the pattern no longer finds the settings' variables"
    assert read - {"YHTEISPOLKU_TESTING"} - KEPT - PINNED_AWAY == set()


def test_demo_mode_from_the_shell_does_not_reach_the_tests():
    assert settings.TESTING
    assert not settings.DEMO_MODE
    assert settings.TOTP_REQUIRED
