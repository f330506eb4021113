"""Load test of the production server: mixed reads and some writes by many signed-in professionals.

    make serve   # or gunicorn as bench/README.md says, on the benchmark database, with the same keys
    .venv/bin/python -m bench.load --database-url postgres://…/yhteispolku_bench_national \\
        --url http://127.0.0.1:8000 --users 8 32 --duration 60

Set-up, in this process on the benchmark database (bench/generate.py's data): the first employment
experts of the data set (as many as the largest `--users`) each get a database session past password and
TOTP (as tests/conftest.py's `verified_client` makes one: the generated professionals have no password),
and four of their TYM relationships a plan in force with one service (through plans.services, audited),
so that participation can be recorded. Then, for each number of users in turn, that many threads act as
one professional each, without think time, for `--duration` seconds (after `--warmup` seconds not
counted), each choosing its next request from a fixed mix with its own seeded random generator:

| request | share |
| --- | ---: |
| client list (`/asiakkaat/`) | 20 % |
| client page | 20 % |
| case page (`/asiakkuudet/<client>/`) | 20 % |
| worklist (`/tyolista/`) | 10 % |
| plan page | 20 % |
| journal entry written (POST, employment category) | 5 % |
| participation recorded (POST, on a plan in force) | 5 % |

Reported per stage: requests per second, p50/p95/p99 latency per kind and overall, errors (any status
but 200, and 302 after a POST), and CPU seconds per request of the gunicorn processes (master and
workers, from /proc) and of the PostgreSQL backends connected to the benchmark database (pg_stat_activity,
then /proc), with the load average before and after. Results to var/bench/results-load-<scale>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.environment import bench_dir
from bench.run import prepare_database

MIX = [
    ("client list", 20),
    ("client page", 20),
    ("case page", 20),
    ("worklist", 10),
    ("plan", 20),
    ("journal entry (POST)", 5),
    ("participation (POST)", 5),
]
PLANS_PER_USER = 4
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Set-up ----------------------------------------------------------------------------------------------


@dataclass
class Professional:
    username: str
    session_key: str
    client_codes: list[str]
    relationship_codes: list[str]
    # (relationship code, version number, service code) of the plans in force set up for participation.
    services: list[tuple[str, int, str]] = field(default_factory=list)


def professionals(count: int) -> list[Professional]:
    """The first `count` employment experts of the data set with open TYM relationships, signed in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from yhteispolku.accounts.models import User
    from yhteispolku.cases.models import OPEN_PHASES, TeamMember, Track

    users = list(
        User.objects.filter(username__startswith="bench-", username__contains="-ee-")
        .exclude(username__contains="-probe-")
        .order_by("username")[: count * 3]
    )
    chosen: list[Professional] = []
    for user in users:
        memberships = list(
            TeamMember.objects.filter(
                user=user,
                left_on__isnull=True,
                relationship__track=Track.TYM,
                relationship__phase__in=OPEN_PHASES,
            )
            .select_related("relationship__client")
            .order_by("relationship__client__last_name", "relationship__pk")
        )
        if len(memberships) < PLANS_PER_USER:
            continue
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "yhteispolku.accounts.backends.ProfessionalBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["last_activity"] = time.time()
        session.create()
        professional = Professional(
            username=user.username,
            session_key=session.session_key or "",
            client_codes=[str(member.relationship.client.code) for member in memberships],
            relationship_codes=[str(member.relationship.code) for member in memberships],
        )
        professional.services = plans_in_force(user, [member.relationship for member in memberships])
        chosen.append(professional)
        if len(chosen) == count:
            break
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} employment experts with TYM clients; generate the data first")
    return chosen


def plans_in_force(user: Any, relationships: list[Any]) -> list[tuple[str, int, str]]:
    """A plan in force with one job-coaching service on the first relationships, made once."""
    from django.utils import timezone

    from yhteispolku.plans import services
    from yhteispolku.plans.models import AgreedService, PlanVersion, ServiceType, VersionStatus

    found: list[tuple[str, int, str]] = []
    today = timezone.localdate()
    job_coaching = ServiceType.objects.get(code="job-coaching")
    for relationship in relationships:
        if len(found) == PLANS_PER_USER:
            break
        version = PlanVersion.objects.filter(
            plan__relationship=relationship, status=VersionStatus.IN_FORCE
        ).first()
        if version is None:
            if PlanVersion.objects.filter(plan__relationship=relationship).exists():
                continue
            version = services.plan_version_create(
                actor=user,
                relationship=relationship,
                based_on_version_number=0,
                data={
                    "goals": "Palkkatyö (kuormitustesti)",
                    "add_services": [
                        {
                            "service_type": job_coaching,
                            "responsible_organisation": user.organisation,
                            "provider": None,
                            "responsible_professional": None,
                            "starts_on": today,
                            "ends_on": None,
                            "intensity": "2 tapaamista viikossa",
                            "description": "Työhönvalmennus",
                        }
                    ],
                },
            )
            for organisation_id in services.required_organisation_ids(version):
                if organisation_id != user.organisation_id:
                    break
                services.commitment_confirm(actor=user, version=version, organisation=user.organisation)
            services.plan_accept(actor=user, version=version, accepted_on=today, how="in_person")
            version.refresh_from_db()
            if version.status != VersionStatus.IN_FORCE:
                continue
        service = AgreedService.objects.filter(version=version).first()
        if service is not None:
            found.append((str(relationship.code), version.number, str(service.code)))
    return found


# Measuring CPU ---------------------------------------------------------------------------------------


def _proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may contain spaces: split after it.
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User and system CPU of a process (fields 14-15), with its reaped children's (16-17) if asked."""
    fields = _proc_stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def gunicorn_pids(master: int) -> list[int]:
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _proc_stat(int(entry.name))
            if fields is not None and int(fields[1]) == master:
                workers.append(int(entry.name))
    return workers


def production_environment(database_url: str, port: int, workers: int, cache: str) -> dict[str, str]:
    """The server's environment: production settings (no test or demo mode, DEBUG off) with the keys the
    benchmark data was generated with (the local secrets under var/, as bench.run uses them)."""
    from bench.environment import var_dir

    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("YHTEISPOLKU_TESTING", "YHTEISPOLKU_DEMO", "DJANGO_SETTINGS_MODULE", "DEBUG"))
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": (var_dir() / "secret_key").read_text().strip(),
            "FIELD_ENCRYPTION_SALTS": (var_dir() / "field_encryption_salt").read_text().strip(),
            "HETU_HMAC_KEY": (var_dir() / "hetu_hmac_key").read_text().strip(),
            "YHTEISPOLKU_VAR_DIR": str(var_dir()),
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_LOG_LEVEL": "warning",
            "CACHE_REDIS_URL": cache,
        }
    )
    return environment


class Server:
    """`make serve`'s gunicorn, started for the run (after collectstatic) and stopped after it."""

    def __init__(self, database_url: str, port: int, workers: int, cache: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        environment = production_environment(database_url, port, workers, cache)
        subprocess.run(
            [sys.executable, "-m", "yhteispolku", "collectstatic", "--noinput", "--verbosity", "0"],
            env=environment,
            check=True,
        )
        self.log = (bench_dir() / "load-gunicorn.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "python:yhteispolku.gunicorn_conf",
                "yhteispolku.wsgi:application",
            ],
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                # Not ready (unapplied migrations, say: /healthz answers 503): stop it, leave nothing behind.
                self.stop()
                raise SystemExit(f"gunicorn did not become ready; see {self.log.name} and /healthz")
            time.sleep(0.5)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class CpuMeter:
    """CPU seconds of the app (gunicorn master, workers and reaped workers) and of the database's backends."""

    def __init__(self, master: int) -> None:
        from django.db import connection

        self.master = master
        self.connection = connection
        self.database = connection.settings_dict["NAME"]

    def _backends(self) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            return [row[0] for row in cursor.fetchall()]

    def sample(self) -> dict[str, Any]:
        return {
            "app": cpu_seconds(self.master, children=True)
            + sum(cpu_seconds(pid) for pid in gunicorn_pids(self.master)),
            "database": {pid: cpu_seconds(pid) for pid in self._backends()},
            "self": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        }

    @staticmethod
    def difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
        # A backend opened during the stage counts from zero; one closed during it is lost (the pool keeps
        # its connections, so that is rare).
        database = sum(
            seconds - before["database"].get(pid, 0.0) for pid, seconds in after["database"].items()
        )
        return {
            "app": after["app"] - before["app"],
            "database": database,
            "load_generator": after["self"] - before["self"],
        }


# The load ---------------------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int
    error: str = ""


class User(threading.Thread):
    def __init__(self, base: str, professional: Professional, seed: int, ready: threading.Barrier):
        super().__init__(daemon=True)
        self.ready = ready
        # Set by the barrier's action once every user has its CSRF token.
        self.stop_at = self.count_from = 0.0
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.professional = professional
        self.random = random.Random(seed)
        self.samples: list[Sample] = []
        self.cookies = {"sessionid": professional.session_key}
        self.csrf = ""
        self.kinds = [kind for kind, _ in MIX]
        self.weights = [weight for _, weight in MIX]

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                    "Referer": f"http://{self.host}:{self.port}{path}",
                }
            )
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def next_request(self) -> tuple[str, str, str, dict[str, str] | None]:
        kind = self.random.choices(self.kinds, self.weights)[0]
        index = self.random.randrange(len(self.professional.client_codes))
        client = self.professional.client_codes[index]
        relationship = self.professional.relationship_codes[index]
        if kind == "client list":
            return kind, "GET", "/asiakkaat/", None
        if kind == "client page":
            return kind, "GET", f"/asiakkaat/{client}/", None
        if kind == "case page":
            return kind, "GET", f"/asiakkuudet/{client}/", None
        if kind == "worklist":
            return kind, "GET", "/tyolista/", None
        if kind == "plan":
            # Half of the plan views open one of the plans in force, half any client's (mostly empty).
            if self.professional.services and self.random.random() < 0.5:
                relationship = self.random.choice(self.professional.services)[0]
            return kind, "GET", f"/suunnitelmat/{relationship}/", None
        if kind == "journal entry (POST)":
            text = f"Kuormitustestin merkintä {self.random.randrange(10**6)}"
            return kind, "POST", f"/asiakkaat/{client}/tiedot/employment/", {"text": text}
        relationship, number, service = self.random.choice(self.professional.services)
        path = f"/suunnitelmat/{relationship}/versiot/{number}/palvelut/{service}/osallistuminen/"
        status = self.random.choice(["started", "attending"])
        return kind, "POST", path, {"status": status, "on": date.today().isoformat(), "note": ""}

    def run(self) -> None:
        # The CSRF cookie and token, as a browser gets them from the first page with a form.
        status, text = self.request(
            "GET", f"/asiakkaat/{self.professional.client_codes[0]}/tiedot/employment/"
        )
        match = CSRF_INPUT.search(text)
        # Every user is ready before the clock starts, so the set-up's requests fall outside the window.
        self.ready.wait()
        if status != 200 or match is None:
            self.samples.append(Sample("set-up", 0.0, status, "no CSRF token"))
            return
        self.csrf = match.group(1)
        while (now := time.monotonic()) < self.stop_at:
            kind, method, path, body = self.next_request()
            error = ""
            try:
                status, _ = self.request(method, path, body)
            except (OSError, http.client.HTTPException) as exception:
                status, error = 0, type(exception).__name__
            finished = time.monotonic()
            expected = 302 if method == "POST" else 200
            if status != expected and not error:
                error = f"{method} {status}"
            # Counted when it ends inside the measured window, as its CPU is (mostly) in the window too.
            if finished >= self.count_from:
                self.samples.append(Sample(kind, finished - now, status, error))


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def summary(samples: list[Sample]) -> dict[str, Any]:
    times = [sample.seconds * 1000 for sample in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for sample in samples if sample.error),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
    }


def stage(
    base: str, users: list[Professional], duration: float, warmup: float, seed: int, meter: CpuMeter
) -> dict[str, Any]:
    threads: list[User] = []
    window: dict[str, float] = {}

    def start_clock() -> None:
        window["count_from"] = time.monotonic() + warmup
        for thread in threads:
            thread.count_from = window["count_from"]
            thread.stop_at = window["count_from"] + duration

    ready = threading.Barrier(len(users) + 1, action=start_clock)
    threads.extend(
        User(base, professional, seed * 1000 + number, ready) for number, professional in enumerate(users)
    )
    load_before = os.getloadavg()
    for thread in threads:
        thread.start()
    ready.wait()
    count_from = window["count_from"]
    time.sleep(max(0.0, count_from - time.monotonic()))
    cpu_before = meter.sample()
    for thread in threads:
        thread.join()
    cpu_after = meter.sample()
    elapsed = time.monotonic() - count_from
    load_after = os.getloadavg()
    samples = [sample for thread in threads for sample in thread.samples]
    measured = [sample for sample in samples if sample.kind != "set-up"]
    cpu = CpuMeter.difference(cpu_before, cpu_after)
    overall = summary(measured)
    per_request = max(1, overall["requests"])
    errors: dict[str, int] = {}
    for sample in samples:
        if sample.error:
            errors[f"{sample.kind}: {sample.error}"] = errors.get(f"{sample.kind}: {sample.error}", 0) + 1
    return {
        "users": len(users),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(overall["requests"] / elapsed, 1),
        **overall,
        "by_kind": {kind: summary([s for s in measured if s.kind == kind]) for kind, _ in MIX},
        "error_kinds": errors,
        "cpu_seconds": {key: round(value, 1) for key, value in cpu.items()},
        "cpu_ms_per_request": {key: round(value * 1000 / per_request, 1) for key, value in cpu.items()},
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in load_after],
    }


def print_stage(result: dict[str, Any]) -> None:
    cpu = result["cpu_ms_per_request"]
    print(
        f"\n{result['users']} users, {result['seconds']} s: {result['requests_per_second']} req/s, "
        f"{result['requests']} requests, {result['errors']} errors; p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms; CPU per request: app {cpu['app']} ms, "
        f"database {cpu['database']} ms, load generator {cpu['load_generator']} ms; load average "
        f"{result['load_average_before'][0]} → {result['load_average_after'][0]}"
    )
    print(f"  {'request':<24} {'n':>6} {'err':>4} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind, row in result["by_kind"].items():
        print(
            f"  {kind:<24} {row['requests']:>6} {row['errors']:>4} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {row['p99_ms']:>8}"
        )
    for kind, count in result["error_kinds"].items():
        print(f"  error: {kind} × {count}")


def run_stages(
    server: Server, people: list[Professional], arguments: argparse.Namespace
) -> list[dict[str, Any]]:
    meter = CpuMeter(server.pid)
    print(f"gunicorn {server.pid} on {server.url} with {len(gunicorn_pids(server.pid))} workers", flush=True)
    results = []
    for count in arguments.users:
        result = stage(
            server.url, people[:count], arguments.duration, arguments.warmup, arguments.seed, meter
        )
        print_stage(result)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="the benchmark database the server serves (PostgreSQL)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--users", type=int, nargs="+", default=[8, 32], help="concurrent users per stage")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds per stage (default 60)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds before measuring (default 10)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache-redis-url", default="", help="the server's cache (CACHE_REDIS_URL)")
    arguments = parser.parse_args(argv)

    url = prepare_database(arguments.database_url, "unused.sqlite3")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the load test measures the database's CPU through pg_stat_activity: use PostgreSQL")
    print(f"set-up: {max(arguments.users)} professionals, sessions and plans in force …", flush=True)
    started = time.monotonic()
    people = professionals(max(arguments.users))
    print(f"set-up took {time.monotonic() - started:.0f} s", flush=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = Server(url, port, arguments.workers, arguments.cache_redis_url)
    try:
        results = run_stages(server, people, arguments)
    finally:
        server.stop()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database_version = cursor.fetchone()[0]
    scale = "national" if any("-national-" in person.username for person in people) else "region"
    suffix = "-redis" if arguments.cache_redis_url else ""
    output = bench_dir() / f"results-load-{scale}{suffix}.json"
    output.write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "database": database_version,
                },
                "server": {
                    "gunicorn_workers": arguments.workers,
                    "worker_class": "sync",
                    "cache": "redis" if arguments.cache_redis_url else "per process",
                },
                "mix": dict(MIX),
                "stages": results,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
