"""CACHE_REDIS_URL: Django's cache shared by every process (docs/deployment.md), so the header's inbox
count one worker computed is read by the others. Needs a Redis server on 127.0.0.1:6379 (skipped without)."""

import os
import socket
import subprocess
import sys
import uuid

import pytest

from tests.drills.conftest import PROJECT_DIR

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379")


def in_process(code: str, **environment: str) -> str:
    """Run `code` in a new process with the settings read from `environment` (as a worker reads them)."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
            "DJANGO_SETTINGS_MODULE": "yhteispolku.settings",
            "YHTEISPOLKU_TESTING": "1",
            "PYTHONPATH": str(PROJECT_DIR / "src"),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_a_value_one_process_caches_is_read_by_another() -> None:
    key = f"test-shared-cache-{uuid.uuid4()}"
    shared = {"CACHE_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/15"}

    in_process(f"from django.core.cache import cache; cache.set({key!r}, 7, 30)", **shared)

    assert in_process(f"from django.core.cache import cache; print(cache.get({key!r}))", **shared) == "7"
    # Without it each process has its own memory: the other process finds nothing.
    assert in_process(f"from django.core.cache import cache; print(cache.get({key!r}))") == "None"


def test_without_the_setting_the_cache_is_each_processs_memory() -> None:
    backend = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert in_process(backend) == "django.core.cache.backends.locmem.LocMemCache"
    assert in_process(backend, CACHE_REDIS_URL="redis://127.0.0.1:6379/15") == (
        "django.core.cache.backends.redis.RedisCache"
    )
