"""The access log: every read and write of a client's personal data, allowed or denied (SPEC §5).

Entries are append-only and hash-chained; write them only through `services.record_access`.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.audit.errors import AppendOnlyError
from yhteispolku.audit.hashing import ZERO_HASH, compute_entry_hash
from yhteispolku.core.categories import Action, DataCategory, Purpose


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("access events cannot be deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access events are written one at a time through record_access")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access events cannot be updated")


AccessEventManager = models.Manager.from_queryset(AccessEventQuerySet)


class AccessEvent(models.Model):
    """One access decision about a client's data: who, what, why, and whether it was allowed."""

    # Within a chain the id is the chain order: each entry names the hash of the entry of its chain with the
    # next smaller id. Ids of different chains interleave (see services.chain_of).
    id = models.BigAutoField(primary_key=True)
    # Not hashed (the format predates it): an entry moved to another chain breaks the links of both.
    chain = models.PositiveSmallIntegerField(_("ketju"), default=0)
    occurred_at = models.DateTimeField(_("aika"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("käyttäjä"),
        help_text=_("Tyhjä, kun kyseessä on järjestelmän ajastettu tehtävä"),
    )
    # Copies made at write time: the entry must read the same after the person changes jobs.
    actor_username = models.CharField(_("käyttäjätunnus"), max_length=150, blank=True)
    actor_name = models.CharField(_("käyttäjän nimi"), max_length=301, blank=True)
    actor_role = models.CharField(_("rooli"), max_length=60, blank=True)
    actor_organisation = models.CharField(_("organisaatio"), max_length=200, blank=True)
    # Not a foreign key: the log must outlive and stay independent of the client register.
    client_code = models.UUIDField(_("asiakkaan tunniste"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("tiedon tyyppi"), max_length=100, blank=True)
    object_id = models.CharField(_("tiedon tunniste"), max_length=100, blank=True)
    category = models.CharField(_("tietoryhmä"), max_length=20, choices=DataCategory.choices)
    action = models.CharField(_("toiminto"), max_length=20, choices=Action.choices)
    purpose = models.CharField(_("käyttötarkoitus"), max_length=40, choices=Purpose.choices)
    allowed = models.BooleanField(_("sallittu"))
    reason = models.CharField(
        _("syy"), max_length=60, blank=True, help_text=_("Miksi pääsy estettiin (tyhjä, kun sallittu)")
    )
    ip_address = models.GenericIPAddressField(_("IP-osoite"), null=True, blank=True)
    previous_hash = models.CharField(_("edellisen merkinnän tiiviste"), max_length=64)
    entry_hash = models.CharField(_("tiiviste"), max_length=64, unique=True)

    objects = AccessEventManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("käyttölokimerkintä")
        verbose_name_plural = _("käyttölokimerkinnät")
        indexes = [
            models.Index(fields=["client_code", "occurred_at"], name="audit_event_client_time"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_time"),
            models.Index(fields=["chain", "id"], name="audit_event_chain_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allowed=False) | models.Q(reason=""),
                name="audit_event_reason_only_when_denied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.actor_username or '-'} {self.action} {self.category} ({self.occurred_at})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("access events cannot be changed once written")
        if not self.entry_hash or self.entry_hash != compute_entry_hash(self):
            raise AppendOnlyError("write access events through yhteispolku.audit.services.record_access")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access events cannot be deleted")


class ChainHead(models.Model):
    """The newest entry of one chain (the id is the chain's number). Writers of that chain lock its row, so
    its entries are chained one at a time while other chains are written in parallel."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    last_event_id = models.BigIntegerField(_("viimeisin merkintä"), null=True, blank=True)
    last_hash = models.CharField(_("viimeisimmän merkinnän tiiviste"), max_length=64, default=ZERO_HASH)

    class Meta:
        verbose_name = _("käyttölokin ketjun pää")
        verbose_name_plural = _("käyttölokin ketjujen päät")

    def __str__(self) -> str:
        return f"{self.pk}: {self.last_event_id}: {self.last_hash}"


class VerifiedCheckpoint(models.Model):
    """The newest entry of one chain that `verify-audit` found intact: the next run starts after it.

    A convenience, not evidence: whoever can change the log can change this table too, which is why
    `verify-audit --full` ignores it and the anchors outside the database are checked either way.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    last_event_id = models.BigIntegerField(_("viimeisin tarkistettu merkintä"))
    last_hash = models.CharField(_("viimeisimmän tarkistetun merkinnän tiiviste"), max_length=64)
    verified_at = models.DateTimeField(_("tarkistettu"))

    class Meta:
        verbose_name = _("käyttölokin tarkistuskohta")
        verbose_name_plural = _("käyttölokin tarkistuskohdat")

    def __str__(self) -> str:
        return f"{self.pk}: {self.last_event_id}"


class RetentionCut(models.Model):
    """Months of the log dropped under R-LOG-2 (`yhteispolku audit-partitions --drop`), and where each chain
    now starts: its last dropped entry, whose hash the first kept entry of the chain names.

    The drop is a recorded, rule-based event, not a silent truncation: this row names the boundary and the
    chain heads at it, an access-log entry (object `audit.retention`) records the drop in the chains
    themselves, and `verify-audit --full` starts each chain from the newest cut's boundary.
    """

    cut_at = models.DateTimeField(_("poistettu ennen"))
    partitions = models.JSONField(_("poistetut kuukaudet"), default=list)
    dropped_entries = models.BigIntegerField(_("poistettuja merkintöjä"))
    # [{"chain": 3, "event_id": 812, "entry_hash": "…"}, …]: each chain's last dropped entry.
    boundaries = models.JSONField(_("ketjujen rajat"), default=list)
    rule_version = models.CharField(_("säännön versio"), max_length=20)
    recorded_at = models.DateTimeField(_("kirjattu"), default=timezone.now)

    class Meta:
        ordering = ["-cut_at", "-id"]
        verbose_name = _("käyttölokin säilytysajan ylittäneiden kuukausien poisto")
        verbose_name_plural = _("käyttölokin säilytysajan ylittäneiden kuukausien poistot")

    def __str__(self) -> str:
        return f"{self.pk}: {self.cut_at:%Y-%m} ({self.dropped_entries})"

    def boundary_of(self) -> dict[int, tuple[int, str]]:
        return {
            int(item["chain"]): (int(item["event_id"]), str(item["entry_hash"])) for item in self.boundaries
        }
