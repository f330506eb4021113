"""Backup and restore drill (docs/operations.md): dump a database, restore it into a fresh one, check it.

usage: .venv/bin/python scripts/backup_restore_drill.py [--source URL] [--target-name NAME] [--keep]
           [--serve-user USERNAME --serve-client CLIENT_CODE] [--backup-file PATH]

1. `pg_dump --format=custom` of the source (DATABASE_URL by default), as the nightly backup does;
2. `pg_restore` into a fresh database on the same server (dropped at the end unless --keep);
3. every table's row count equal in both;
4. `yhteispolku verify-audit` on the restored database: the chain intact and the newest anchor
   (AUDIT_ANCHOR_FILE) found in it;
5. `yhteispolku check-keys` on it with this machine's keys: one identity code decrypts;
6. the same without the keys (a fresh machine whose secrets were not restored): must fail with a clear
   message and a non-zero exit;
7. the application serves the restored data: a professional opens a client's page (Django's test client
   on the restored database) and sees the client's name.

Exits 0 when every step passed, 1 naming the first that failed. Needs pg_dump and pg_restore.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent
YHTEISPOLKU = [sys.executable, "-m", "yhteispolku"]
TIMEOUT = 120

# Run inside `yhteispolku shell` against the restored database: a page through Django's test client.
SERVE_CHECK = """
import sys
from django.test import Client as Browser
from django.test.utils import setup_test_environment
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client

setup_test_environment()
user = User.objects.get(username=USERNAME)
client = Client.objects.get(code=CLIENT_CODE)
browser = Browser()
browser.force_login(user)
response = browser.get(f"/asiakkaat/{client.code}/")
page = response.content.decode()
if response.status_code != 200 or client.last_name not in page:
    sys.exit(f"the client page answered {response.status_code} without the client's name")
print(f"served: /asiakkaat/{client.code}/ to {user.username}, 200, the client's name on the page")
"""


class DrillFailed(Exception):
    pass


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def libpq_url(url: str) -> str:
    """dj-database-url's `postgres://` and libpq's `postgresql://` name the same thing."""
    return url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url


def step(number: int, text: str) -> None:
    print(f"[{number}] {text}", flush=True)


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed programs, arguments built here
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=PROJECT_DIR, **kwargs
    )


def yhteispolku(url: str, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, **environment}
    return run([*YHTEISPOLKU, *arguments], env=env)


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(libpq_url(url)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            result = connection.execute(query).fetchone()
            counts[table] = int(result[0]) if result else 0
        return counts


def admin_execute(url: str, statement: sql.Composable) -> None:
    with psycopg.connect(libpq_url(with_database(url, "postgres")), autocommit=True) as connection:
        connection.execute(statement)


def drill(arguments: argparse.Namespace) -> None:
    source: str = arguments.source
    target_name = arguments.target_name or f"{database_name(source)}_restore_{int(time.time())}"
    target = with_database(source, target_name)
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            raise DrillFailed(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    work = Path(tempfile.mkdtemp(prefix="yhteispolku-drill-"))
    backup = arguments.backup_file or work / "yhteispolku.dump"
    started = time.monotonic()
    created = False
    try:
        step(1, f"pg_dump {database_name(source)} → {backup}")
        dumped = run(["pg_dump", "--format=custom", "--no-owner", f"--file={backup}", libpq_url(source)])
        if dumped.returncode != 0:
            raise DrillFailed(f"pg_dump failed: {dumped.stderr.strip()}")
        before = row_counts(source)

        step(2, f"pg_restore into a fresh database {target_name}")
        admin_execute(source, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))
        admin_execute(source, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target_name)))
        created = True
        restored = run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq_url(target)}", str(backup)]
        )
        if restored.returncode != 0:
            raise DrillFailed(f"pg_restore failed: {restored.stderr.strip()}")

        step(3, "row counts")
        after = row_counts(target)
        differing = {
            t: (before.get(t), after.get(t))
            for t in set(before) | set(after)
            if before.get(t) != after.get(t)
        }
        if differing:
            raise DrillFailed(f"row counts differ (source, restored): {differing}")
        print(f"    {len(after)} tables, {sum(after.values())} rows, equal")

        step(4, "verify-audit on the restored database (chain and newest anchor)")
        verified = yhteispolku(target, "verify-audit")
        if verified.returncode != 0:
            raise DrillFailed(f"verify-audit failed: {verified.stderr.strip()}")
        print("    " + verified.stdout.strip().replace("\n", "\n    "))

        step(5, "check-keys with this machine's keys")
        keys = yhteispolku(target, "check-keys")
        if keys.returncode != 0:
            raise DrillFailed(f"check-keys failed with the right keys: {keys.stderr.strip()}")
        print(f"    {keys.stdout.strip()}")

        step(6, "without the keys (a machine whose secrets were not restored) check-keys and the start fail")
        empty = work / "no-keys"
        empty.mkdir()
        other = {
            "SECRET_KEY": "restored-without-its-secret-key-" + "x" * 30,
            "FIELD_ENCRYPTION_SALTS": "restored-without-its-salt",
            "HETU_HMAC_KEY": "restored-without-its-hmac-key",
            "YHTEISPOLKU_VAR_DIR": str(empty),
        }
        if "nothing to check" in keys.stdout:
            print("    skipped: no identity code stored, nothing to check the keys against")
        else:
            keyless = yhteispolku(target, "check-keys", **other)
            if keyless.returncode == 0:
                raise DrillFailed("check-keys accepted keys the database was not written with")
            if "identity-code keys do not match the database" not in keyless.stderr:
                raise DrillFailed(f"check-keys failed without a clear reason: {keyless.stderr[-500:]}")
            print(f"    check-keys refused (exit {keyless.returncode}): {keyless.stderr.strip()[:150]}…")
            startup = yhteispolku(target, "shell", "-c", "import yhteispolku.wsgi", **other)
            if startup.returncode == 0 or "EncryptionKeysMismatch" not in startup.stderr:
                raise DrillFailed("the web application started on a database whose keys it does not have")
            print(f"    the web application refuses to start (wsgi.py, exit {startup.returncode})")

        step(7, "the application serves the restored data")
        if arguments.serve_user and arguments.serve_client:
            script = SERVE_CHECK.replace("USERNAME", repr(arguments.serve_user)).replace(
                "CLIENT_CODE", repr(arguments.serve_client)
            )
            served = yhteispolku(target, "shell", "-c", script, TOTP_REQUIRED="false")
            if served.returncode != 0:
                raise DrillFailed(f"serving failed: {(served.stderr or served.stdout).strip()[-800:]}")
            print(f"    {served.stdout.strip()}")
        else:
            print("    skipped: give --serve-user and --serve-client")
        print(f"drill passed in {time.monotonic() - started:.1f} s")
    finally:
        if created and not arguments.keep:
            admin_execute(
                source, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target_name))
            )
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=os.environ.get("DATABASE_URL", ""), help="default: DATABASE_URL")
    parser.add_argument(
        "--target-name", help="the restored database's name (default: <source>_restore_<time>)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    parser.add_argument("--backup-file", type=Path, help="where the dump goes (default: a temporary file)")
    parser.add_argument("--serve-user", help="a professional who may open --serve-client's page")
    parser.add_argument("--serve-client", help="a client's code (UUID)")
    arguments = parser.parse_args()
    if not arguments.source.startswith("postgres"):
        print("backup drill: --source (or DATABASE_URL) must be a postgres:// URL", file=sys.stderr)
        return 2
    try:
        drill(arguments)
    except DrillFailed as failure:
        print(f"DRILL FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
