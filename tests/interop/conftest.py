"""Maija's TYM case (tests/plans/conftest.py) and the API's token client (tests/api/conftest.py)."""

from tests.api.conftest import token_client
from tests.plans.conftest import maija

__all__ = ["maija", "token_client"]
