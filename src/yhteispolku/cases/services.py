"""Writes on client relationships: journal entries (more arrive with the TYM journey)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from yhteispolku.access.categories import Action, DataCategory
from yhteispolku.access.policy import authorize
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import JournalEntry
from yhteispolku.clients.models import Client


class EmptyJournalEntry(ValueError):
    code = "journal_entry_empty"


def journal_entry_create(
    *,
    actor: User,
    client: Client,
    category: DataCategory,
    text: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> JournalEntry:
    """Record a note in one category; only the actor's own sector (and the joint plan) may be written."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=client,
        request=request,
        facts=facts,
        object_type="cases.journalentry",
    )
    if not text.strip():
        raise EmptyJournalEntry(_("Kirjoita merkinnän teksti."))
    assert actor.organisation is not None  # authorize() lets only professionals write
    return JournalEntry.objects.create(
        client=client, category=category, text=text.strip(), author=actor, organisation=actor.organisation
    )
