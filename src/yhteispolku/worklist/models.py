"""Reminders of due items, recorded by the `remind` job (run every hour from cron).

One reminder per item, recipient and due date: running the job again records nothing new, and a due
date that moves (a new plan review date) gives a new reminder.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("vastaanottaja"),
    )
    # What the item is, stably: its kind, relationship and address (two tasks due the same day differ).
    item_key = models.CharField(_("asian tunniste"), max_length=300)
    kind = models.CharField(_("laji"), max_length=60)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asiakkuus"),
    )
    due_on = models.DateField(_("määräpäivä"))
    rule_id = models.CharField(_("sääntö"), max_length=40, blank=True)
    rule_version = models.CharField(_("säännön versio"), max_length=40, blank=True)
    url = models.CharField(_("osoite"), max_length=300)
    created_at = models.DateTimeField(_("muistutettu"), auto_now_add=True)
    seen_at = models.DateTimeField(_("nähty"), null=True, blank=True)
    # When the content-free e-mail notice that covered this reminder was sent (`send-reminders`): once.
    emailed_at = models.DateTimeField(_("ilmoitettu sähköpostilla"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("muistutus")
        verbose_name_plural = _("muistutukset")
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "recipient", "due_on"], name="reminder_once_per_item_recipient_due_date"
            )
        ]
        indexes = [models.Index(fields=["recipient", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on:%Y-%m-%d}"


class Acknowledgement(models.Model):
    """A professional has seen a notice on their worklist (a referral they sent was decided): it is gone
    from their list. Keyed like a reminder, by the item's stable key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ammattilainen"),
    )
    item_key = models.CharField(_("asian tunniste"), max_length=300)
    at = models.DateTimeField(_("kuitattu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "id"]
        verbose_name = _("kuittaus")
        verbose_name_plural = _("kuittaukset")
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key"], name="acknowledgement_once_per_user_item")
        ]

    def __str__(self) -> str:
        return self.item_key
