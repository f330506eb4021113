"""Drill: the idle timeout and the login lockout hold when requests spread over several worker processes.

Sessions live in the database (Django's default session engine) and django-axes counts failures in the
database (`AxesDatabaseHandler`), so no worker keeps its own copy: failures on two workers add up to one
lockout, and a session that went idle ends on every worker.
"""

import time
from collections.abc import Callable
from pathlib import Path

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import totp_code
from tests.drills.conftest import DRILL_DATABASE
from tests.drills.processes import Browser, servers
from yhteispolku.accounts.models import User

pytestmark = DRILL_DATABASE

LOGIN = "/tili/kirjaudu/"
VERIFY = "/tili/kirjaudu/vahvista/"
LOCKED = "Tunnus on lukittu hetkeksi"
IDLE_SECONDS = 3


def test_lockout_and_idle_timeout_hold_across_two_workers(
    tmp_path: Path,
    employment_expert: User,
    social_worker: User,
    password: str,
    confirmed_device: Callable[[User], TOTPDevice],
) -> None:
    device = confirmed_device(social_worker)
    with servers(tmp_path, 2, SESSION_IDLE_TIMEOUT_SECONDS=IDLE_SECONDS, AXES_FAILURE_LIMIT=5) as (
        first,
        second,
    ):
        # Five wrong passwords, taking turns between the workers: the fifth locks the account on both.
        guesser = Browser()
        statuses = [
            guesser.post(
                (first, second)[attempt % 2],
                LOGIN,
                {"username": employment_expert.username, "password": f"väärin-{attempt}"},
            ).status
            for attempt in range(5)
        ]
        assert statuses == [200, 200, 200, 200, 429]
        for server in (first, second):
            refused = guesser.post(
                server, LOGIN, {"username": employment_expert.username, "password": password}
            )
            assert (refused.status, LOCKED in refused.text) == (429, True), server.name
            assert guesser.cookie("sessionid") is None

        # Password on one worker, the second factor on the other, pages on both: one session.
        browser = Browser()
        logged_in = browser.post(first, LOGIN, {"username": social_worker.username, "password": password})
        assert logged_in.status == 302
        # The other worker knows the password step is done and asks for the second factor.
        asked = browser.get(second, "/")
        assert (asked.status, asked.location.split("?")[0]) == (302, VERIFY)
        verified = browser.post(second, VERIFY, {"token": totp_code(device)})
        assert verified.status == 302, verified.text[-500:]
        assert browser.get(first, "/").status == 200
        assert browser.get(second, "/").status == 200

        time.sleep(IDLE_SECONDS + 1.5)

        expired = browser.get(second, "/")
        assert (expired.status, expired.location.split("?")[0]) == (302, LOGIN)
        notice = browser.get(second, expired.location)
        assert "Istuntosi vanheni" in notice.text
        # Ended for every worker, not only the one that noticed.
        again = browser.get(first, "/")
        assert (again.status, again.location.split("?")[0]) == (302, LOGIN)
