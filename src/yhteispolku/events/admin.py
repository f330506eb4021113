"""The administrator's view of the outbox: subscribers (with parked ones first), deliveries and their log.

Events and deliveries are read-only here: they are facts the worker keeps. A parked subscriber is resumed
with the list's action; its waiting deliveries are then due at once, in order per client.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yhteispolku.events.delivery import resume
from yhteispolku.events.models import Delivery, DeliveryAttempt, EventType, OutboxEvent, Subscriber


class SubscriberForm(forms.ModelForm):
    url = forms.URLField(label=_("webhookin osoite"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("tapahtumatyypit"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Valitse vähintään yksi tapahtumatyyppi.")},
    )

    class Meta:
        model = Subscriber
        fields = ["organisation", "name", "url", "secret", "event_types", "active"]


class ParkedFilter(admin.SimpleListFilter):
    title = _("pysäytetty")
    parameter_name = "parked"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("pysäytetty")), ("no", _("toimii"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(parked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(parked_at__isnull=True)
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = SubscriberForm
    list_display = ["name", "organisation", "url", "active", "parked_at", "parked_reason", "waiting"]
    list_filter = [ParkedFilter, "active", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "url"]
    readonly_fields = ["parked_at", "parked_reason", "created_at"]
    actions = ["resume_delivery"]
    # Parked subscribers first: they are the ones that need the administrator.
    ordering = [F("parked_at").desc(nulls_last=True), "name"]  # type: ignore[list-item]  # admin takes expressions

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subscriber]:
        return (
            super()
            .get_queryset(request)
            .annotate(waiting_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)))
        )

    @admin.display(description=_("odottavia toimituksia"), ordering="waiting_count")
    def waiting(self, subscriber: Any) -> int:
        return int(subscriber.waiting_count)

    @admin.action(description=_("Jatka pysäytettyjen toimitusta"))
    def resume_delivery(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        resumed = 0
        for subscriber in queryset.filter(parked_at__isnull=False):
            resume(subscriber)
            resumed += 1
        self.message_user(
            request,
            gettext("Pysäytettyjä tilaajia, joiden toimitus jatkuu: %(n)s.") % {"n": resumed},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["number", "at", "status_code", "error", "duration_ms"]
    readonly_fields = ["number", "at", "status_code", "error", "duration_ms"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscriber", "sequence", "status", "attempts", "failures", "next_attempt_at"]
    list_filter = ["status", "subscriber"]
    list_select_related = ["event", "subscriber"]
    inlines = [AttemptInline]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["event_type", "occurred_at", "sequence", "fanned_out_at"]
    list_filter = ["event_type"]
    date_hierarchy = "occurred_at"
