"""Checking that the access log is whole: no entry changed, removed, reordered or cut off the end."""

from dataclasses import dataclass
from enum import StrEnum

from django.db import connection, transaction
from django.utils.translation import gettext as _

from yhteispolku.audit.hashing import ZERO_HASH, compute_entry_hash
from yhteispolku.audit.models import AccessEvent, ChainHead

# The log holds millions of rows; this many are in memory at a time.
CHUNK_SIZE = 2000


class ProblemCode(StrEnum):
    CONTENT_CHANGED = "content_changed"
    LINK_BROKEN = "link_broken"
    HEAD_MISSING = "head_missing"
    HEAD_MISMATCH = "head_mismatch"
    TAIL_REMOVED = "tail_removed"
    BEYOND_HEAD = "beyond_head"
    ANCHOR_MISMATCH = "anchor_mismatch"
    ANCHOR_TRUNCATED = "anchor_truncated"


@dataclass(frozen=True)
class Anchor:
    """An entry's hash as copied out of the database earlier (the head printed by verify_audit)."""

    event_id: int
    entry_hash: str


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    message: str
    event_id: int | None = None
    # The entry on the other side of a broken link, when there is one.
    other_event_id: int | None = None


@dataclass(frozen=True)
class VerificationResult:
    checked: int
    last_event_id: int | None
    last_hash: str
    problem: Problem | None = None

    @property
    def is_intact(self) -> bool:
        return self.problem is None


def verify_chain(*, anchor: Anchor | None = None) -> VerificationResult:
    """Walk the whole log in chain order and stop at the first problem.

    Writers may append while this runs. The head is read before the walk, so the entry it names must
    be among the walked entries, with the same hash; entries after it must be linked like the rest,
    and none may lie beyond the head as it stands after the walk.

    A chain alone cannot show that someone rewrote it and computed every hash again; an `anchor` kept
    outside the database can: its entry must still be there with the same hash.
    """
    if connection.vendor == "postgresql":
        # Outside a transaction PostgreSQL's server-side cursor is WITH HOLD and copies every row before
        # the first one arrives; inside one it streams. (On SQLite a transaction would take the write
        # lock and stop every writer for the whole walk, and its cursor streams anyway.)
        with transaction.atomic():
            return _walk(anchor)
    return _walk(anchor)


def _walk(anchor: Anchor | None) -> VerificationResult:
    head_before = ChainHead.objects.filter(pk=ChainHead.SINGLETON_ID).first()
    checked = 0
    previous: AccessEvent | None = None
    head_entry_seen = anchor_seen = False

    for event in AccessEvent.objects.order_by("id").iterator(chunk_size=CHUNK_SIZE):
        if compute_entry_hash(event) != event.entry_hash:
            return _result(
                checked,
                previous,
                Problem(
                    ProblemCode.CONTENT_CHANGED,
                    _(
                        "Merkinnän %(id)s sisältöä on muutettu: tallennettu tiiviste ei vastaa "
                        "merkinnän tietoja."
                    )
                    % {"id": event.pk},
                    event_id=event.pk,
                ),
            )
        expected_previous = previous.entry_hash if previous else ZERO_HASH
        if event.previous_hash != expected_previous:
            return _result(checked, previous, _broken_link(event, previous))
        if head_before is not None and event.pk == head_before.last_event_id:
            if event.entry_hash != head_before.last_hash:
                return _result(checked, previous, _head_mismatch(event.pk))
            head_entry_seen = True
        if anchor is not None and event.pk == anchor.event_id:
            if event.entry_hash != anchor.entry_hash:
                return _result(checked, previous, _anchor_problem(anchor))
            anchor_seen = True
        checked += 1
        previous = event

    if anchor is not None and not anchor_seen:
        if previous is None or previous.pk < anchor.event_id:
            return _result(checked, previous, _anchor_truncated(anchor, previous))
        return _result(checked, previous, _anchor_problem(anchor))
    problem = _head_problem(head_before, head_entry_seen, previous, checked)
    return _result(checked, previous, problem)


def _head_problem(
    head_before: ChainHead | None, head_entry_seen: bool, last: AccessEvent | None, checked: int
) -> Problem | None:
    if last is None:
        if head_before is not None and head_before.last_event_id is not None:
            return _tail_removed(head_before.last_event_id, None)
        return None
    if head_before is None:
        return Problem(
            ProblemCode.HEAD_MISSING,
            _("Ketjun pää puuttuu, vaikka lokissa on %(count)s merkintää.") % {"count": checked},
        )
    if head_before.last_event_id is not None and not head_entry_seen:
        return _tail_removed(head_before.last_event_id, last.pk)
    head_after = ChainHead.objects.filter(pk=ChainHead.SINGLETON_ID).first()
    if head_after is None or head_after.last_event_id is None or last.pk > head_after.last_event_id:
        return Problem(
            ProblemCode.BEYOND_HEAD,
            _(
                "Merkintä %(id)s on ketjun pään jälkeen: se on lisätty lokiin muuten kuin "
                "kirjausfunktion kautta, tai ketjun päätä on muutettu."
            )
            % {"id": last.pk},
            event_id=last.pk,
        )
    return None


def _broken_link(event: AccessEvent, previous: AccessEvent | None) -> Problem:
    if previous is None:
        message = _(
            "Merkintä %(id)s on ensimmäinen, mutta se ei aloita ketjua: lokin alusta on poistettu merkintöjä."
        ) % {"id": event.pk}
    else:
        message = _(
            "Ketju katkeaa merkintöjen %(previous)s ja %(id)s välillä: välistä on poistettu "
            "merkintöjä tai niiden järjestystä on muutettu."
        ) % {"previous": previous.pk, "id": event.pk}
    return Problem(
        ProblemCode.LINK_BROKEN, message, event_id=event.pk, other_event_id=previous.pk if previous else None
    )


def _head_mismatch(event_id: int) -> Problem:
    return Problem(
        ProblemCode.HEAD_MISMATCH,
        _("Ketjun pään tiiviste ei vastaa merkintää %(id)s, johon pää viittaa.") % {"id": event_id},
        event_id=event_id,
    )


def _tail_removed(head_event_id: int, last_event_id: int | None) -> Problem:
    if last_event_id is None:
        message = _(
            "Ketjun pää viittaa merkintään %(head)s, mutta lokissa ei ole yhtään merkintää: "
            "merkinnät on poistettu."
        ) % {"head": head_event_id}
    else:
        message = _(
            "Ketjun pää viittaa merkintään %(head)s, jota ei löydy; viimeinen merkintä on %(last)s: "
            "lokin lopusta on poistettu merkintöjä."
        ) % {"head": head_event_id, "last": last_event_id}
    return Problem(ProblemCode.TAIL_REMOVED, message, event_id=head_event_id, other_event_id=last_event_id)


def _anchor_problem(anchor: Anchor) -> Problem:
    return Problem(
        ProblemCode.ANCHOR_MISMATCH,
        _(
            "Merkintä %(id)s puuttuu tai sen tiiviste ei ole se, joka tallennettiin lokin ulkopuolelle: "
            "loki on kirjoitettu uudelleen."
        )
        % {"id": anchor.event_id},
        event_id=anchor.event_id,
    )


def _anchor_truncated(anchor: Anchor, last: AccessEvent | None) -> Problem:
    return Problem(
        ProblemCode.ANCHOR_TRUNCATED,
        _(
            "Lokin ulkopuolelle tallennettu ketjun pää on merkintä %(id)s, mutta lokin viimeinen merkintä "
            "on %(last)s: lokin lopusta on poistettu merkintöjä."
        )
        % {"id": anchor.event_id, "last": last.pk if last else "-"},
        event_id=anchor.event_id,
        other_event_id=last.pk if last else None,
    )


def _result(checked: int, last: AccessEvent | None, problem: Problem | None = None) -> VerificationResult:
    return VerificationResult(
        checked=checked,
        last_event_id=last.pk if last else None,
        last_hash=last.entry_hash if last else ZERO_HASH,
        problem=problem,
    )
