"""`yhteispolku audit-partitions`: the log's months past R-LOG-2's retention, unless a request needs them.

PostgreSQL only (the partitions); on SQLite the command says there is nothing to do. The partitions these
tests make and drop go away with the test's transaction.
"""

import io
import uuid
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from tests.privacy.conftest import record
from yhteispolku.accounts.models import User
from yhteispolku.audit import services as audit_services
from yhteispolku.audit.models import AccessEvent, RetentionCut
from yhteispolku.audit.partitions import Hold, ensure_partitions
from yhteispolku.audit.services import record_access
from yhteispolku.audit.verification import verify_chain
from yhteispolku.clients.models import Client
from yhteispolku.privacy.models import AccessLogRequest
from yhteispolku.privacy.retention import open_request_holds, retention_cut

OLD = datetime(2013, 3, 15, tzinfo=UTC)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")


def write(actor: User, client_code: uuid.UUID, at: datetime) -> None:
    with mock.patch.object(audit_services, "timezone", mock.Mock(now=lambda: at)):
        record_access(
            actor=actor,
            action="view",
            category="basic",
            purpose="tym_joint_work",
            allowed=True,
            client_code=client_code,
        )


@pytest.fixture
def old_entries(officer: User) -> None:
    """One client read in March 2013 and now (one chain: its head and checkpoint are now)."""
    ensure_partitions(months_ahead=0, today=OLD.date())
    code = uuid.uuid4()
    write(officer, code, OLD)
    write(officer, code, datetime.now(UTC))
    assert verify_chain(record_checkpoint=True).is_intact


def test_the_retention_cut_follows_r_log_2(db: None) -> None:
    # 12 years (R-LOG-2 v2024.1): months before the month twelve years back are past retention.
    assert retention_cut(date(2026, 12, 3)) == date(2014, 12, 1)
    assert retention_cut(date(2028, 2, 29)) == date(2016, 2, 1)


def test_an_open_request_holds_the_two_years_before_it(officer: User, maija: Client) -> None:
    assert open_request_holds() == []
    request = record(officer, maija, reference="TSV-2025-3", received_on=date(2025, 3, 20))
    record(officer, maija, reference="TSV-2026-4", received_on=date(2026, 1, 5))
    assert open_request_holds() == [
        Hold(datetime(2023, 3, 20, tzinfo=UTC), "avoin lokitietopyyntö TSV-2025-3 (saapunut 20.03.2025)")
    ]
    # An answered request holds nothing.
    AccessLogRequest.objects.filter(pk=request.pk).update(delivered_on=date(2025, 4, 1))
    assert open_request_holds()[0].reason.startswith("avoin lokitietopyyntö TSV-2026-4")


@postgresql_only
def test_the_command_drops_the_months_past_retention(old_entries: None) -> None:
    out = io.StringIO()
    call_command("audit_partitions", "--drop", stdout=out, stderr=io.StringIO())
    assert "Poistettu audit_accessevent_p2013_03 (R-LOG-2 v2024.1: säilytysaika 12 vuotta" in out.getvalue()
    cut = RetentionCut.objects.get()
    assert (cut.rule_version, cut.dropped_entries) == ("2024.1", 1)
    assert not AccessEvent.objects.filter(occurred_at__lt=datetime(2013, 4, 1, tzinfo=UTC)).exists()
    assert verify_chain().is_intact


@postgresql_only
def test_the_command_keeps_a_month_an_open_request_still_needs(
    old_entries: None, officer: User, maija: Client
) -> None:
    # An entry of July 2018, and a request received in June 2019 that is still unanswered: it needs the
    # log from June 2017 on. With the retention cut in August 2018, March 2013 goes and July 2018 stays.
    ensure_partitions(months_ahead=0, today=date(2018, 7, 1))
    write(officer, uuid.uuid4(), datetime(2018, 7, 2, tzinfo=UTC))
    assert verify_chain(record_checkpoint=True).is_intact
    record(officer, maija, reference="TSV-2019-1", received_on=date(2019, 6, 3))
    err, out = io.StringIO(), io.StringIO()
    with mock.patch(
        "yhteispolku.privacy.management.commands.audit_partitions.retention_cut",
        return_value=date(2018, 8, 1),
    ):
        call_command("audit_partitions", "--drop", stdout=out, stderr=err)
    assert "Poistettu audit_accessevent_p2013_03" in out.getvalue()
    assert "Säilytetään audit_accessevent_p2018_07" in err.getvalue()
    assert "avoin lokitietopyyntö TSV-2019-1 (saapunut 03.06.2019)" in err.getvalue()
    assert RetentionCut.objects.get().partitions == ["audit_accessevent_p2013_03"]
    assert AccessEvent.objects.filter(occurred_at=datetime(2018, 7, 2, tzinfo=UTC)).exists()
    assert verify_chain().is_intact


@postgresql_only
def test_a_dry_run_changes_nothing(old_entries: None) -> None:
    out = io.StringIO()
    call_command("audit_partitions", "--drop", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Poistettaisiin audit_accessevent_p2013_03" in out.getvalue()
    assert not RetentionCut.objects.exists()
    assert AccessEvent.objects.filter(occurred_at=OLD).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps one plain table")
def test_on_sqlite_there_is_nothing_to_do(db: None) -> None:
    out = io.StringIO()
    call_command("audit_partitions", "--drop", stdout=out)
    assert "Käyttölokia ei ole osioitu" in out.getvalue()
