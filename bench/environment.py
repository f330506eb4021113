"""Django set-up for the benchmark commands, kept apart so nothing imports models before it runs."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """The directory the settings keep their local secrets in, so results land beside them."""
    return Path(os.environ.get("YHTEISPOLKU_VAR_DIR", PROJECT_DIR / "var"))


def bench_dir() -> Path:
    path = var_dir() / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteispolku.settings")
    import django

    django.setup()
