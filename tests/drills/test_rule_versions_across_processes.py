"""Drill: a new rule version, loaded by another process, reaches every running worker without a restart.

Each worker keeps the rule versions in memory. `load-rules` (or the admin on any worker) raises the rule
set's generation; each worker's first rule read of a request compares it with its copy's.
"""

import re
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

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
from tests.conftest import totp_code
from tests.drills.conftest import DRILL_DATABASE, yhteispolku
from tests.drills.processes import Browser, log_in, servers
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.rules import engine
from yhteispolku.rules.engine import next_working_day
from yhteispolku.rules.loader import DATA_DIR

pytestmark = DRILL_DATABASE

NEW_VERSION = "2099.drill"


def day(on: date) -> str:
    return f"{on.day}.{on.month}.{on.year}"


def staged_rule_set(directory: Path, starts: str, ends: str) -> Path:
    """The installed rule files, with a new R-TYM-5 version from `starts`: Kela registration within ten
    days of the start instead of on the first working day."""
    staged = directory / "rules"
    shutil.copytree(DATA_DIR, staged)
    path = staged / "R-TYM-5.toml"
    text = path.read_text()
    current = 'version = "2025.1"\neffective_from = 2025-01-01\n'
    assert current in text, "R-TYM-5's current version moved; update the drill"
    text = text.replace(current, f"{current}effective_to = {ends}\n")
    text += f"""
[[versions]]
version = "{NEW_VERSION}"
effective_from = {starts}
note = "Operations drill"
[versions.parameters]
registration_days = 10
"""
    path.write_text(text)
    return staged


def registration_due(html: str) -> tuple[str, str]:
    """The case page's Kela registration item: its date and the rule version behind it."""
    for item in re.findall(r"<li>(.*?)</li>", html, re.S):
        found = re.search(r'due-list__date">([^<]+)<.*\(R-TYM-5 v([^)]+)\)', item, re.S)
        if found:
            return found.group(1), found.group(2)
    raise AssertionError("the case page shows no Kela registration item")


def test_a_loaded_rule_version_reaches_both_workers_without_a_restart(
    tmp_path: Path,
    accepted: ClientRelationship,  # noqa: F811
    tym_expert: User,  # noqa: F811
    password: str,
    confirmed_device: Callable[[User], TOTPDevice],
    fresh_rule_cache: None,
) -> None:
    device = confirmed_device(tym_expert)
    start = accepted.started_on
    first_day, ten_days_on = next_working_day(start), next_working_day(start + timedelta(days=10))
    staged = staged_rule_set(tmp_path, start.isoformat(), (start - timedelta(days=1)).isoformat())
    case_page = reverse("cases:detail", kwargs={"code": accepted.client.code})

    with servers(tmp_path, 2) as workers:
        browser = Browser()
        log_in(browser, workers[0], tym_expert.username, password, totp_code(device))
        # Both workers have read the versions and keep them.
        for worker in workers:
            page = browser.get(worker, case_page)
            assert page.status == 200, worker.name
            assert registration_due(page.text) == (day(first_day), "2025.1"), worker.name

        loaded = yhteispolku("load-rules", f"--data-dir={staged}")
        assert loaded.returncode == 0, loaded.stderr

        for worker in workers:
            page = browser.get(worker, case_page)
            assert registration_due(page.text) == (day(ten_days_on), NEW_VERSION), worker.name
        # And back: the installed files again.
        assert yhteispolku("load-rules").returncode == 0
        assert registration_due(browser.get(workers[1], case_page).text) == (day(first_day), "2025.1")
    engine.clear_cache()
