"""Benchmark the data-protection officer's desk for a busy client: 30,000 access-log entries for one client.

    python -m bench.dpo_log                               # SQLite file var/bench/bench-dpo-log.sqlite3
    python -m bench.dpo_log --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_dpo

Generates (once) one busy client with 30,000 entries over two years by 20 professionals of four
organisations, and 300 other clients with 20 entries each; then times the desk's log page (first and
last page, each filter), the answer letter's rows and the whole letter as HTML, with each one's number of
queries. Writes var/bench/results-dpo-log-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from bench.environment import bench_dir
from bench.run import prepare_database

BUSY_ENTRIES = 30_000
OTHER_CLIENTS = 300
OTHER_ENTRIES = 20
PROFESSIONALS = 20
PREFIX = "bench-dpo-"


def generate() -> dict[str, Any]:
    import time_machine
    from django.db import transaction
    from django.utils import timezone

    from yhteispolku.accounts.models import Role, User
    from yhteispolku.audit.models import AccessEvent
    from yhteispolku.audit.services import record_accesses
    from yhteispolku.clients.models import Client
    from yhteispolku.core.categories import Action, DataCategory, Purpose
    from yhteispolku.organisations.models import Organisation

    officer = User.objects.filter(username=f"{PREFIX}officer").first()
    busy = Client.objects.filter(last_name="Kiireinen", is_demo=True).first()
    if officer is not None and busy is not None:
        return {"generated": False, "entries": AccessEvent.objects.count()}
    started = time.perf_counter()
    organisations = list(
        Organisation.objects.filter(units__isnull=False, is_demo=False).distinct().order_by("pk")[:4]
    )
    units = {organisation.pk: organisation.units.order_by("pk").first() for organisation in organisations}
    roles = {role.code: role for role in Role.objects.all()}
    with transaction.atomic():
        officer = User.objects.create(
            username=f"{PREFIX}officer",
            first_name="Tuomas",
            last_name="Tietosuoja",
            role=roles["data_protection_officer"],
            organisation=organisations[0],
            unit=units[organisations[0].pk],
        )
        people = [
            User.objects.create(
                username=f"{PREFIX}{index}",
                first_name=f"Ammattilainen{index}",
                last_name="Testinen",
                role=roles["employment_expert" if index % 2 else "social_worker"],
                organisation=organisations[index % len(organisations)],
                unit=units[organisations[index % len(organisations)].pk],
            )
            for index in range(PROFESSIONALS)
        ]
        busy = Client.objects.create(
            first_names="Kaisa", last_name="Kiireinen", is_demo=True, recorded_by=organisations[0]
        )
        others = [
            Client.objects.create(
                first_names="Muu", last_name=f"Asiakas{index}", is_demo=True, recorded_by=organisations[0]
            )
            for index in range(OTHER_CLIENTS)
        ]
    categories = [DataCategory.BASIC, DataCategory.EMPLOYMENT, DataCategory.SOCIAL, DataCategory.PLAN]
    actions = [Action.VIEW, Action.VIEW, Action.VIEW, Action.UPDATE, Action.CREATE]
    now = timezone.now()
    batch = 100
    for number in range(BUSY_ENTRIES // batch):
        # Spread over two years, newest last (the chain's order is the id's).
        moment = (
            now - timedelta(days=730) + timedelta(minutes=number * 730 * 24 * 60 // (BUSY_ENTRIES // batch))
        )
        with time_machine.travel(moment, tick=False), transaction.atomic():
            record_accesses(
                actor=people[number % PROFESSIONALS],
                action=actions[number % len(actions)],
                category=categories[number % len(categories)],
                purpose=Purpose.TYM_JOINT_WORK,
                client_codes=[busy.code] * batch,
            )
            if number < OTHER_CLIENTS:
                record_accesses(
                    actor=people[(number + 1) % PROFESSIONALS],
                    action=Action.VIEW,
                    category=DataCategory.BASIC,
                    purpose=Purpose.TYM_JOINT_WORK,
                    client_codes=[others[number].code] * OTHER_ENTRIES,
                )
    return {
        "generated": True,
        "seconds": round(time.perf_counter() - started, 1),
        "entries": AccessEvent.objects.count(),
    }


def timed(call: Any, repetitions: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    with CaptureQueriesContext(connection) as queries:
        call()
    durations = []
    for _ in range(repetitions):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return {
        "median_ms": round(statistics.median(durations), 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)], 1),
        "queries": len(queries.captured_queries),
    }


def measure(repetitions: int) -> dict[str, Any]:
    from django.utils import timezone

    from yhteispolku.accounts.models import User
    from yhteispolku.clients.models import Client
    from yhteispolku.privacy import selectors
    from yhteispolku.privacy.letter import answer_letter_html
    from yhteispolku.privacy.models import AccessLogRequest
    from yhteispolku.privacy.rules import answer_due

    def own_log_html(client: Client, number: int) -> str:
        from django.template.loader import render_to_string

        from yhteispolku.portal.selectors import own_log

        try:
            rows: Any = own_log(client=client, page=number)  # type: ignore[call-arg]
        except TypeError:  # the unpaged portal log before 3.12.2026, for the "before" figure
            rows = own_log(client=client)
        return render_to_string("portal/access_log.html", {"client": client, "rows": rows, "log": rows})

    officer = User.objects.get(username=f"{PREFIX}officer")
    busy = Client.objects.get(last_name="Kiireinen", is_demo=True)
    today = timezone.localdate()
    due = answer_due(today)
    log_request, _created = AccessLogRequest.objects.get_or_create(
        reference=f"{PREFIX}1",
        defaults={
            "client": busy,
            "requester": AccessLogRequest.Requester.CLIENT,
            "received_on": today,
            "due_on": due.on,
            "rule_version": due.version,
            "recorded_by": officer,
        },
    )
    professional = User.objects.get(username=f"{PREFIX}3")
    first = selectors.log_page(actor=officer, log_request=log_request, filters=selectors.LogFilters())
    last_page = first.page.paginator.num_pages
    month_ago = today - timedelta(days=30)

    def page(filters: selectors.LogFilters, number: int = 1) -> Any:
        return lambda: selectors.log_page(
            actor=officer, log_request=log_request, filters=filters, page=number
        )

    cases = {
        "log page 1, no filter": page(selectors.LogFilters()),
        f"log page {last_page} (last), no filter": page(selectors.LogFilters(), last_page),
        "log page 1, one professional": page(selectors.LogFilters(actor_id=professional.pk)),
        "log page 1, one organisation": page(
            selectors.LogFilters(organisation=professional.organisation.name)  # type: ignore[union-attr]
        ),
        "log page 1, action update": page(selectors.LogFilters(action="update")),
        "log page 1, last 30 days": page(selectors.LogFilters(since=month_ago, until=today)),
        "letter rows (2 years)": lambda: selectors.letter_rows(client=busy, today=today),
        "letter as HTML (2 years)": lambda: answer_letter_html(actor=officer, log_request=log_request),
        # The client's own log in the portal (/oma/kayttoloki/), the selector and its template.
        "own log (portal), page 1": lambda: own_log_html(busy, 1),
        "own log (portal), last page": lambda: own_log_html(busy, 10**6),
    }
    results = {name: timed(call, repetitions) for name, call in cases.items()}
    results["_entries_for_client_in_two_years"] = first.total  # type: ignore[assignment]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file under var/bench/")
    parser.add_argument("--repetitions", type=int, default=10)
    arguments = parser.parse_args(argv)
    prepare_database(arguments.database_url, "bench-dpo-log.sqlite3")

    from django.core.management import call_command
    from django.db import connection

    from bench.measure import database_version

    call_command("migrate", interactive=False, verbosity=0)
    print("generating the busy client's log if absent …", flush=True)
    generation = generate()
    if connection.vendor == "postgresql":
        # As autovacuum would soon after such a load: on fresh statistics the planner still expects an
        # empty log and joins the users first (the first page took 170 ms instead of 40).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"measuring ({arguments.repetitions} repetitions each) …", flush=True)
    figures = measure(arguments.repetitions)
    results = {
        "database": database_version(),
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "generation": generation,
        "figures": figures,
    }
    path = bench_dir() / f"results-dpo-log-{connection.vendor}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    entries = figures["_entries_for_client_in_two_years"]
    print(f"\nThe DPO's desk, one client with {entries} entries, on {results['database']}")
    print(f"{'':40} {'median':>9} {'p95':>9} {'queries':>8}")
    for name, row in figures.items():
        if name.startswith("_"):
            continue
        print(f"{name:40} {row['median_ms']:>7} ms {row['p95_ms']:>7} ms {row['queries']:>8}")
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
