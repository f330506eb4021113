"""Listeners on the feature apps' saves that may leave something waiting for the client."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from yhteispolku.collaboration.models import ClientTodo
from yhteispolku.plans.models import CommitmentConfirmation

DISPATCH_PREFIX = "notices."


def _todo_saved(sender: type, instance: ClientTodo, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from yhteispolku.notices.services import notify_after_commit

        notify_after_commit(instance.relationship.client_id)


def _confirmation_saved(
    sender: type, instance: CommitmentConfirmation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    # The last authority's confirmation is what makes a version wait for her acceptance.
    if created and not raw:
        from yhteispolku.notices.services import notify_after_commit

        notify_after_commit(instance.version.plan.relationship.client_id)


def connect() -> None:
    post_save.connect(_todo_saved, sender=ClientTodo, dispatch_uid=DISPATCH_PREFIX + "todo")
    post_save.connect(
        _confirmation_saved, sender=CommitmentConfirmation, dispatch_uid=DISPATCH_PREFIX + "confirmation"
    )
