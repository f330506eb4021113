"""Drill: the last entries of the access log are deleted and the chain head moved back after an anchor.

The chain alone cannot see it (the shortened log is a valid chain); the anchor that cron's `anchor-audit`
wrote outside the database can, and `verify-audit` checks it by default.
"""

from pathlib import Path

from django.db import connection

from tests.drills.conftest import DRILL_DATABASE, yhteispolku
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_access

pytestmark = DRILL_DATABASE


def test_truncating_the_log_after_an_anchor_is_detected(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors" / "audit-anchors.jsonl"
    events = [
        record_access(actor=None, action="view", category="basic", purpose="other", allowed=True)
        for _ in range(5)
    ]

    anchored = yhteispolku("anchor-audit", AUDIT_ANCHOR_FILE=anchors)
    assert anchored.returncode == 0, anchored.stderr
    assert f'"event_id":{events[-1].pk}' in anchors.read_text()
    intact = yhteispolku("verify-audit", AUDIT_ANCHOR_FILE=anchors)
    assert intact.returncode == 0, intact.stderr
    assert f"ankkuri täsmää: merkintä {events[-1].pk}." in intact.stdout

    # The attacker: the test database's escape from the append-only triggers (audit/database.py) stands
    # in for the table owner's rights; the head is moved back so that the chain stays valid.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id > %s", [events[1].pk])
    ChainHead.objects.update(last_event_id=events[1].pk, last_hash=events[1].entry_hash)
    assert AccessEvent.objects.count() == 2

    unanchored = yhteispolku("verify-audit", "--full", "--no-anchor", AUDIT_ANCHOR_FILE=anchors)
    assert unanchored.returncode == 0, "the chain alone cannot see a cut tail: the drill proves nothing"
    detected = yhteispolku("verify-audit", AUDIT_ANCHOR_FILE=anchors)
    assert detected.returncode == 1
    assert (
        f"ketjun pää on merkintä {events[-1].pk}, mutta lokin viimeinen merkintä on {events[1].pk}: "
        "lokin lopusta on poistettu merkintöjä" in detected.stderr
    )
    refused = yhteispolku("anchor-audit", AUDIT_ANCHOR_FILE=anchors)
    assert refused.returncode == 1
    assert "sitä ei ankkuroitu" in refused.stderr
    assert anchors.read_text().count("\n") == 1
