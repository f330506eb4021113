from collections.abc import Callable
from datetime import date

import pytest

from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.reports import refresh
from yhteispolku.web.demo_data import load_demo


@pytest.fixture
def demo_statistics(db: None) -> dict[str, Client]:
    """The demo clients, and the statistics refreshed over the months they cover."""
    clients = load_demo()
    refresh.refresh(date.today().replace(day=1).replace(year=date.today().year - 1), date.today())
    return clients


@pytest.fixture
def steering(demo_statistics: dict[str, Client]) -> User:
    return User.objects.get(username="johtoryhma")


@pytest.fixture
def steering_without_data(make_professional: Callable[..., User]) -> User:
    """A steering-group member of Satakunta's employment area, without the demo (the form's checks)."""
    return make_professional(
        "steering_group_member", "satakunta-employment-area", "satakunta-ea-administration"
    )
