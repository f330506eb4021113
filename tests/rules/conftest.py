import pytest


@pytest.fixture(autouse=True)
def _every_test_may_add_rule_versions(fresh_rule_cache: None) -> None:
    """The tests here add and change rule versions that roll back with their transaction."""
