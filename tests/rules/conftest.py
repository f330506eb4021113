import pytest

from yhteispolku.rules import engine


@pytest.fixture(autouse=True)
def fresh_rule_cache():
    """A version a test adds is rolled back with its transaction; the cache must not outlive it."""
    engine.clear_cache()
    yield
    engine.clear_cache()
