"""Drill: pg_dump → restore into a fresh database → the log verifies (with its anchor), the row counts are
equal, the keys read the identity codes (and a restore without them fails loudly), and a client's page is
served from the restored database. The drill itself is `scripts/backup_restore_drill.py`, as an operator
runs it; this test gives it a case and checks that every step passed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import Settings

from tests.cases.conftest import (  # noqa: F401 - fixtures
    accepted,
    client_of_referrer,
    consented,
    employment_area,
    referral,
    referrer,
    tym_expert,
    tym_social_worker,
    tym_unit,
)
from tests.drills.conftest import DRILL_DATABASE, PROJECT_DIR, command_environment, database_url
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship

pytestmark = DRILL_DATABASE

SCRIPT = PROJECT_DIR / "scripts" / "backup_restore_drill.py"


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="operations drill: pg_dump is not installed")
def test_backup_restores_into_a_fresh_database_whole_and_readable(
    tmp_path: Path,
    settings: Settings,
    accepted: ClientRelationship,  # noqa: F811
    tym_expert: User,  # noqa: F811
) -> None:
    anchors = settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    assert AccessEvent.objects.exists()
    call_command("anchor_audit", "--quiet")

    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(SCRIPT),
            f"--source={database_url()}",
            f"--target-name={database_url().rsplit('/', 1)[1]}_restored",
            f"--serve-user={tym_expert.username}",
            f"--serve-client={accepted.client.code}",
        ],
        env=command_environment(AUDIT_ANCHOR_FILE=anchors),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    assert "tables" in output
    assert "equal" in output
    assert "Käyttöloki on eheä" in output
    assert "Lokin ulkopuolinen ankkuri täsmää" in output
    assert "keys match" in output
    assert "check-keys refused (exit 1)" in output
    assert "the web application refuses to start" in output
    assert f"served: /asiakkaat/{accepted.client.code}/ to {tym_expert.username}, 200" in output
    assert "drill passed" in output
