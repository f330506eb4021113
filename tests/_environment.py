"""Loaded with `-p` before pytest-django reads the settings: test mode allows a local secret key."""

import os

os.environ.setdefault("YHTEISPOLKU_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
