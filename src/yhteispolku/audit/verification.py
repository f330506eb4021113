"""Checking that the access log is whole: no entry changed, removed, reordered or cut off the end.

The log is several hash chains (see services.chain_of); each is checked on its own, in one walk of the
log in id order that keeps the last entry of every chain. A run can start from the checkpoints of the
previous intact run (`incremental`), which must still be there with the same hashes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.audit.hashing import HASHED_FIELDS, ZERO_HASH, compute_values_hash
from yhteispolku.audit.models import AccessEvent, ChainHead, RetentionCut, VerifiedCheckpoint

# The log holds millions of rows; this many are in memory at a time.
CHUNK_SIZE = 5000
# What the walk reads of each entry: plain tuples, no model instances (most of the cost of a walk).
WALKED_COLUMNS = ("id", "chain", *HASHED_FIELDS, "entry_hash")
PREVIOUS_HASH = 2 + HASHED_FIELDS.index("previous_hash")


class ProblemCode(StrEnum):
    CONTENT_CHANGED = "content_changed"
    LINK_BROKEN = "link_broken"
    HEAD_MISSING = "head_missing"
    HEAD_MISMATCH = "head_mismatch"
    TAIL_REMOVED = "tail_removed"
    BEYOND_HEAD = "beyond_head"
    ANCHOR_MISMATCH = "anchor_mismatch"
    ANCHOR_TRUNCATED = "anchor_truncated"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"


@dataclass(frozen=True)
class Anchor:
    """An entry's hash as copied out of the database earlier (a chain head printed by verify_audit).

    `chain` None: the chain the entry is stored in (an anchor given by hand names only the entry).
    """

    event_id: int
    entry_hash: str
    chain: int | None = None


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    message: str
    event_id: int | None = None
    # The entry on the other side of a broken link, when there is one.
    other_event_id: int | None = None


@dataclass(frozen=True)
class VerifiedHead:
    chain: int
    event_id: int
    entry_hash: str


@dataclass(frozen=True)
class VerificationResult:
    checked: int
    last_event_id: int | None
    last_hash: str
    problem: Problem | None = None
    # The last entry walked (or checkpointed) of each chain, in chain order.
    heads: tuple[VerifiedHead, ...] = ()
    # True when the walk started from the previous run's checkpoints, not from the first entry.
    incremental: bool = False

    @property
    def is_intact(self) -> bool:
        return self.problem is None


@dataclass
class _Chain:
    last_id: int | None = None
    last_hash: str = ZERO_HASH
    checked: int = 0
    checkpoint: VerifiedCheckpoint | None = None
    checkpoint_seen: bool = False
    head_seen: bool = False


@dataclass
class _Walk:
    chains: dict[int, _Chain] = field(default_factory=dict)
    checked: int = 0
    last_id: int | None = None
    last_hash: str = ZERO_HASH


class _StartAgain(Exception):
    """An incremental walk met a chain that has no checkpoint: only a full walk can check it."""


def verify_chain(
    *,
    anchor: Anchor | None = None,
    anchors: Sequence[Anchor] = (),
    incremental: bool = False,
    record_checkpoint: bool = False,
) -> VerificationResult:
    """Walk the log in id order, each chain on its own, and stop at the first problem.

    Writers may append while this runs. The heads are read before the walk, so the entry each names
    must be among the walked entries, with the same hash; entries after it must be linked like the
    rest, and none may lie beyond its chain's head as it stands after the walk.

    A chain alone cannot show that someone rewrote it and computed every hash again, or cut its end
    and moved its head back; `anchors` kept outside the database can: each anchored entry must still be
    there with the same hash. `incremental` starts from the checkpoints of the last intact run (each
    checkpointed entry must still be there with the same hash); `record_checkpoint` stores this run's.
    """
    every_anchor = [*anchors, *([anchor] if anchor is not None else [])]
    if connection.vendor == "postgresql":
        # Outside a transaction PostgreSQL's server-side cursor is WITH HOLD and copies every row before
        # the first one arrives; inside one it streams. (On SQLite a transaction would take the write
        # lock and stop every writer for the whole walk, and its cursor streams anyway.)
        with transaction.atomic():
            result = _verify(every_anchor, incremental)
    else:
        result = _verify(every_anchor, incremental)
    if record_checkpoint and result.is_intact:
        _record_checkpoints(result.heads)
    return result


def _verify(anchors: list[Anchor], incremental: bool) -> VerificationResult:
    if incremental:
        try:
            return _walk(anchors, {cp.pk: cp for cp in VerifiedCheckpoint.objects.all()})
        except _StartAgain:
            pass
    return _walk(anchors, None)


def _walk(anchors: list[Anchor], checkpoints: dict[int, VerifiedCheckpoint] | None) -> VerificationResult:
    heads_before = {head.pk: head for head in ChainHead.objects.all()}
    walk = _Walk()
    start_after: int | None = None
    if checkpoints is not None:
        # Every chain with a head needs its checkpoint; a chain started since the last run is walked whole.
        if not checkpoints or any(number not in checkpoints for number in heads_before):
            raise _StartAgain
        for number, saved in checkpoints.items():
            walk.chains[number] = _Chain(checkpoint=saved)
        start_after = min(saved.last_event_id for saved in checkpoints.values()) - 1
    else:
        # Months past retention may have been dropped (audit.partitions): each chain then starts from its
        # last dropped entry, recorded at the cut, whose hash the chain's first kept entry must name.
        cut = RetentionCut.objects.order_by("-cut_at", "-id").first()
        if cut is not None:
            for number, (event_id, entry_hash) in cut.boundary_of().items():
                walk.chains[number] = _Chain(last_id=event_id, last_hash=entry_hash)
    anchored = {item.event_id: item for item in anchors}
    anchors_seen: set[int] = set()

    for row in _rows(start_after):
        event_id, chain_number, entry_hash = row[0], row[1], row[-1]
        chain = walk.chains.get(chain_number)
        if chain is None:
            if checkpoints is not None:
                raise _StartAgain
            chain = walk.chains[chain_number] = _Chain()
        checkpoint = chain.checkpoint
        if checkpoint is not None and event_id <= checkpoint.last_event_id:
            # Verified by an earlier run: only the checkpointed entry itself is looked at again.
            if event_id == checkpoint.last_event_id:
                if entry_hash != checkpoint.last_hash or compute_values_hash(row[2:-1]) != entry_hash:
                    return _result(walk, _checkpoint_mismatch(event_id))
                chain.checkpoint_seen = True
                chain.last_id, chain.last_hash = event_id, entry_hash
                _note_head(chain, heads_before.get(chain_number), event_id)
                if event_id in anchored:
                    if anchored[event_id].entry_hash != entry_hash:
                        return _result(walk, _anchor_problem(anchored[event_id]))
                    anchors_seen.add(event_id)
            continue
        if checkpoint is not None and not chain.checkpoint_seen:
            return _result(walk, _checkpoint_mismatch(checkpoint.last_event_id))
        if compute_values_hash(row[2:-1]) != entry_hash:
            return _result(walk, _content_changed(event_id))
        if row[PREVIOUS_HASH] != chain.last_hash:
            return _result(walk, _broken_link(event_id, chain.last_id))
        head = heads_before.get(chain_number)
        if head is not None and event_id == head.last_event_id:
            if entry_hash != head.last_hash:
                return _result(walk, _head_mismatch(event_id))
            chain.head_seen = True
        if event_id in anchored:
            if anchored[event_id].entry_hash != entry_hash:
                return _result(walk, _anchor_problem(anchored[event_id]))
            anchors_seen.add(event_id)
        chain.last_id, chain.last_hash = event_id, entry_hash
        chain.checked += 1
        walk.checked += 1
        walk.last_id, walk.last_hash = event_id, entry_hash

    for chain in walk.chains.values():
        if chain.checkpoint is not None and not chain.checkpoint_seen:
            return _result(walk, _checkpoint_mismatch(chain.checkpoint.last_event_id))
    problem = _anchors_problem(
        [item for item in anchors if item.event_id not in anchors_seen], walk, start_after
    ) or _heads_problem(heads_before, walk)
    return _result(walk, problem, incremental=checkpoints is not None)


def _note_head(chain: _Chain, head: ChainHead | None, event_id: int) -> None:
    if head is not None and head.last_event_id == event_id:
        chain.head_seen = True


def _rows(start_after: int | None) -> Iterable[tuple[Any, ...]]:
    entries = AccessEvent.objects.order_by("id")
    if start_after is not None:
        entries = entries.filter(id__gt=start_after)
    return entries.values_list(*WALKED_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def _anchors_problem(missing: list[Anchor], walk: _Walk, start_after: int | None) -> Problem | None:
    for anchor in missing:
        if start_after is not None:
            # An incremental walk skips what earlier runs verified: the anchored entry is looked up alone.
            stored = AccessEvent.objects.filter(pk=anchor.event_id).values_list("chain", "entry_hash").first()
            if stored is not None:
                if stored[1] == anchor.entry_hash and anchor.chain in (None, stored[0]):
                    continue
                return _anchor_problem(anchor)
        if anchor.chain is not None:
            chain = walk.chains.get(anchor.chain)
            last_id = chain.last_id if chain is not None else None
        else:
            last_id = max((chain.last_id or 0 for chain in walk.chains.values()), default=0) or None
        if last_id is None or last_id < anchor.event_id:
            return _anchor_truncated(anchor, last_id)
        return _anchor_problem(anchor)
    return None


def _heads_problem(heads_before: dict[int, ChainHead], walk: _Walk) -> Problem | None:
    for number, head in sorted(heads_before.items()):
        chain = walk.chains.get(number)
        if head.last_event_id is not None and (chain is None or not chain.head_seen):
            return _tail_removed(head.last_event_id, chain.last_id if chain else None)
    walked = {number: chain for number, chain in walk.chains.items() if chain.last_id is not None}
    for number, chain in sorted(walked.items()):
        if number not in heads_before:
            return Problem(
                ProblemCode.HEAD_MISSING,
                _("Ketjun pää puuttuu, vaikka lokissa on %(count)s merkintää.") % {"count": chain.checked},
            )
    heads_after = {head.pk: head for head in ChainHead.objects.filter(pk__in=list(walked))}
    for number, chain in sorted(walked.items()):
        head_after = heads_after.get(number)
        assert chain.last_id is not None
        if head_after is None or head_after.last_event_id is None or chain.last_id > head_after.last_event_id:
            return Problem(
                ProblemCode.BEYOND_HEAD,
                _(
                    "Merkintä %(id)s on ketjun pään jälkeen: se on lisätty lokiin muuten kuin "
                    "kirjausfunktion kautta, tai ketjun päätä on muutettu."
                )
                % {"id": chain.last_id},
                event_id=chain.last_id,
            )
    return None


def _record_checkpoints(heads: Sequence[VerifiedHead]) -> None:
    now = timezone.now()
    with transaction.atomic():
        for head in heads:
            VerifiedCheckpoint.objects.update_or_create(
                pk=head.chain,
                defaults={"last_event_id": head.event_id, "last_hash": head.entry_hash, "verified_at": now},
            )


def _content_changed(event_id: int) -> Problem:
    return Problem(
        ProblemCode.CONTENT_CHANGED,
        _("Merkinnän %(id)s sisältöä on muutettu: tallennettu tiiviste ei vastaa merkinnän tietoja.")
        % {"id": event_id},
        event_id=event_id,
    )


def _checkpoint_mismatch(event_id: int) -> Problem:
    return Problem(
        ProblemCode.CHECKPOINT_MISMATCH,
        _(
            "Merkintä %(id)s puuttuu tai sitä on muutettu sen jälkeen, kun se todettiin eheäksi "
            "edellisessä tarkistuksessa."
        )
        % {"id": event_id},
        event_id=event_id,
    )


def _broken_link(event_id: int, previous_id: int | None) -> Problem:
    if previous_id is None:
        message = _(
            "Merkintä %(id)s on ensimmäinen, mutta se ei aloita ketjua: lokin alusta on poistettu merkintöjä."
        ) % {"id": event_id}
    else:
        message = _(
            "Ketju katkeaa merkintöjen %(previous)s ja %(id)s välillä: välistä on poistettu "
            "merkintöjä tai niiden järjestystä on muutettu."
        ) % {"previous": previous_id, "id": event_id}
    return Problem(ProblemCode.LINK_BROKEN, message, event_id=event_id, other_event_id=previous_id)


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


def _anchor_truncated(anchor: Anchor, last_id: int | None) -> Problem:
    return Problem(
        ProblemCode.ANCHOR_TRUNCATED,
        _(
            "Lokin ulkopuolelle tallennettu ketjun pää on merkintä %(id)s, mutta lokin viimeinen merkintä "
            "on %(last)s: lokin lopusta on poistettu merkintöjä."
        )
        % {"id": anchor.event_id, "last": last_id if last_id is not None else "-"},
        event_id=anchor.event_id,
        other_event_id=last_id,
    )


def _result(walk: _Walk, problem: Problem | None = None, *, incremental: bool = False) -> VerificationResult:
    return VerificationResult(
        checked=walk.checked,
        last_event_id=walk.last_id,
        last_hash=walk.last_hash,
        problem=problem,
        heads=tuple(
            VerifiedHead(number, chain.last_id, chain.last_hash)
            for number, chain in sorted(walk.chains.items())
            if chain.last_id is not None
        ),
        incremental=incremental,
    )
