"""The systemd units in deploy/systemd/ (docs/deployment.md) run commands that exist, with arguments they
accept, and every scheduled job of docs/operations.md has its timer."""

import configparser
import importlib
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

UNITS = Path(__file__).resolve().parent.parent.parent / "deploy" / "systemd"
APP = "/srv/yhteispolku/.venv/bin/yhteispolku"
# The jobs docs/operations.md and docs/deployment.md schedule, each with its timer.
SCHEDULED = {
    "remind",
    "anchor-audit",
    "refresh-statistics",
    "clean-attachments",
    "clear-sessions",
    "audit-partitions",
}


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path)
    return parser


def services() -> list[Path]:
    return sorted(path for path in UNITS.glob("*.service") if "@" not in path.name)


@pytest.mark.parametrize("path", services(), ids=lambda path: path.name)
def test_each_service_runs_a_command_that_accepts_its_arguments(path: Path) -> None:
    command = shlex.split(unit(path)["Service"]["ExecStart"])
    if command[0] == APP:
        # `yhteispolku anchor-audit` runs Django's `anchor_audit` (yhteispolku/__main__.py).
        name, arguments = command[1].replace("-", "_"), command[2:]
        assert name in get_commands(), f"{path.name}: no command {name!r}"
        parser = load_command_class(get_commands()[name], name).create_parser("yhteispolku", name)
        parser.parse_args(arguments)  # exits (SystemExit) on an argument the command does not know
    else:
        assert command[0].endswith("/gunicorn")
        config = command[command.index("--config") + 1]
        assert config.startswith("python:")
        settings = importlib.import_module(config.removeprefix("python:"))
        assert settings.worker_class == "sync"
        assert command[-1] == "yhteispolku.wsgi:application"


def test_every_scheduled_job_has_a_timer_for_its_service() -> None:
    timers = {path.stem.removeprefix("yhteispolku-") for path in UNITS.glob("*.timer")}
    assert timers >= SCHEDULED
    for name in timers:
        assert (UNITS / f"yhteispolku-{name}.service").exists()
        assert unit(UNITS / f"yhteispolku-{name}.timer")["Timer"]["OnCalendar"]


def test_the_jobs_report_failure() -> None:
    for name in SCHEDULED:
        assert "yhteispolku-job-failed@" in unit(UNITS / f"yhteispolku-{name}.service")["Unit"]["OnFailure"]
    assert (UNITS / "yhteispolku-job-failed@.service").exists()


def test_event_delivery_runs_as_one_long_running_service() -> None:
    service = unit(UNITS / "yhteispolku-deliver-events.service")["Service"]
    assert shlex.split(service["ExecStart"])[1] == "deliver-events"
    assert "--once" not in service["ExecStart"]
    assert service["Restart"] == "always"
    assert not (UNITS / "yhteispolku-deliver-events.timer").exists()
