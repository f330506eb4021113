import logging
import sys
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, permitted
from yhteispolku.access.relations import (
    DATA_PROTECTION_OFFICER_ROLE,
    Relation,
    RelationFacts,
    can_work_with_clients,
    is_service_provider,
    reachable_clients,
    relation_facts,
)
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_accesses
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, Referral, TeamMember, Track
from yhteispolku.clients.forms import SearchForm
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.core.database import BUSY_CODE, BUSY_MESSAGE, RETRY_AFTER_SECONDS, pool_exhausted
from yhteispolku.core.middleware import api_error
from yhteispolku.reports.selectors import KeyFigure, key_figures, scope_for
from yhteispolku.worklist.selectors import (
    GROUPS,
    Group,
    ProfessionalCounts,
    collect,
    is_manager,
    remember_inbox_count,
)

logger = logging.getLogger(__name__)

RECENT_CLIENTS = 8
# How far back in the actor's own reads to look for their recent clients (newest first).
RECENT_READS = 300
RECENT_OBJECT_TYPE = "web.recentclients"

# What the front page calls each kind of item it counts; the rest are counted as "other deadlines".
KIND_LABELS: dict[str, Promise] = {
    "referral_pending": _("Lähetteitä odottaa päätöstä"),
    "plan_commitments": _("Vahvista organisaatiosi sitoumukset suunnitelmassa"),
    "plan_acceptance": _("Kirjaa asiakkaan hyväksyntä suunnitelmalle"),
    "plan_review": _("Suunnitelman arviointeja"),
    "mapping_target": _("Monialaisia kartoituksia valmiiksi"),
    "tym_goal": _("TYM-asiakkuuden kahden vuoden tavoiteaika"),
    "kela_registration": _("Rekisteröi TYM-asiakas Kelaan"),
    "consultation_follow_up": _("Konsultaatioiden jatkotoimia"),
    "consultation_review_with_client": _("Konsultaatioiden läpikäynti asiakkaan kanssa"),
    "client_todo": _("Asiakkaan toimitettavia"),
    "client_form": _("Asiakkaan lähettämiä lomakkeita luettavana"),
    "kela_request": _("Kelalle lähetettyjä pyyntöjä odottaa vastausta"),
    "statement_request_to_send": _("Lähetä lausuntopyyntö"),
    "access_log_request": _("Vastaa lokitietopyyntöihin"),
}
OTHER_KIND = _("Muita määräaikoja")
GROUP_LABELS: dict[str, Promise] = {
    Group.OVERDUE: _("Myöhässä"),
    Group.THIS_WEEK: _("Tällä viikolla"),
    Group.NEXT_30_DAYS: _("Seuraavat 30 päivää"),
    Group.NOTICED: _("Ennakkovaroitukset"),
}


@dataclass
class WaitingRow:
    group: str
    group_label: Promise
    label: Promise
    count: int


@dataclass
class HomePage:
    """What the front page shows its user; the template offers only links the policy lets them open."""

    kind: str  # "professional", "manager" or "other"
    waiting: list[WaitingRow] = field(default_factory=list)
    notices: int = 0
    recent: list[Client] = field(default_factory=list)
    # Client code → their TYM case page, for the recent clients whose case the user may open.
    case_links: dict[str, str] = field(default_factory=dict)
    pending_referrals: int = 0
    # Where the unit's queue link goes: the decision page of a lone referral the user may decide, else the
    # list of the unit's referrals.
    referrals_url: str = ""
    per_professional: list[ProfessionalCounts] = field(default_factory=list)
    is_dpo: bool = False
    is_steering: bool = False
    key_figures: list[KeyFigure] = field(default_factory=list)  # the steering group's situational picture
    is_provider: bool = False

    @property
    def recent_rows(self) -> list[tuple[Client, str]]:
        """Each recent client with their case page's address, or "" where the user may not open it."""
        return [(client, self.case_links.get(str(client.code), "")) for client in self.recent]


def _waiting(groups: dict[str, list[object]]) -> list[WaitingRow]:
    """Counts by kind, overdue first, then this week, the next 30 days and the early warnings."""
    rows: list[WaitingRow] = []
    for group in GROUPS:
        counts: dict[str, int] = {}
        labels: dict[str, Promise] = {}
        for item in groups[group]:
            kind = str(getattr(item, "kind", ""))
            key = kind if kind in KIND_LABELS else ""
            counts[key] = counts.get(key, 0) + 1
            labels[key] = KIND_LABELS.get(kind, OTHER_KIND)
        rows += [WaitingRow(group, GROUP_LABELS[group], labels[key], count) for key, count in counts.items()]
    return rows


def _recent_clients(actor: User, request: HttpRequest) -> list[Client]:
    """The clients whose pages the actor opened lately (their own reads in the audit log), newest first,
    then those of the teams they joined lately; only clients they still relate to. The names shown are
    logged as read, one entry each in one insert (as the worklist does)."""
    reads = (
        AccessEvent.objects.filter(
            actor=actor,
            allowed=True,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            client_code__isnull=False,
        )
        .exclude(object_id="")
        .order_by("-occurred_at", "-id")
        .values_list("client_code", flat=True)[:RECENT_READS]
    )
    codes = list(dict.fromkeys(str(code) for code in reads))[:RECENT_CLIENTS]
    if len(codes) < RECENT_CLIENTS:
        joined = (
            TeamMember.objects.filter(user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES)
            .order_by("-joined_on", "-id")
            .values_list("relationship__client__code", flat=True)[: RECENT_CLIENTS * 2]
        )
        codes = list(dict.fromkeys([*codes, *(str(code) for code in joined)]))[:RECENT_CLIENTS]
    if not codes:
        return []
    found = {
        str(client.code): client for client in reachable_clients(actor, Client.objects.filter(code__in=codes))
    }
    shown = [found[code] for code in codes if code in found]
    record_accesses(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=Purpose.TYM_JOINT_WORK,
        client_codes=[client.code for client in shown],
        object_type=RECENT_OBJECT_TYPE,
        request=request,
    )
    return shown


def _case_links(actor: User, relations: dict[int, Relation], clients: list[Client]) -> dict[str, str]:
    """The recent clients whose TYM case page the actor may open, so that any part of an open case is
    two clicks from the front page (the case page's own navigation is the second).

    The relation is the one through which the worklist reaches the relationship; the policy answers as
    the case page will ask (the plan level; the intake unit, the referral). One query."""
    if not clients or not relations:
        return {}
    links: dict[str, str] = {}
    rows = ClientRelationship.objects.filter(client__in=clients, track=Track.TYM).values_list(
        "pk", "client__code"
    )
    for pk, code in rows:
        relation = relations.get(pk)
        if relation is None:
            continue
        facts = RelationFacts(relation=relation, recorded_by_id=None)
        object_type = REFERRAL_OBJECT_TYPE if relation == Relation.INTAKE else ""
        if permitted(
            actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=object_type
        ):
            links[str(code)] = reverse("cases:detail", kwargs={"code": code})
    return links


def _referrals_url(actor: User, pending: QuerySet[ClientRelationship], count: int) -> str:
    """A lone referral waiting for the unit opens on its decision page when the policy lets the actor
    decide it (as the case page offers "Tee päätös lähetteestä"); several open the unit's list."""
    if count == 1:
        relationship = pending.select_related("client").get()
        facts = relation_facts(actor=actor, client=relationship.client)
        if permitted(
            actor=actor,
            action=Action.UPDATE,
            category=DataCategory.PLAN,
            facts=facts,
            object_type=REFERRAL_OBJECT_TYPE,
        ):
            return reverse("cases:referral_decide", kwargs={"code": relationship.client.code})
    return reverse("cases:referrals")


def home_page(actor: User, request: HttpRequest) -> HomePage:
    today = timezone.localdate()
    if not can_work_with_clients(actor):
        role = actor.role_id or ""
        other = HomePage(
            kind="other",
            is_dpo=actor.is_active and role == DATA_PROTECTION_OFFICER_ROLE,
            is_steering=role == "steering_group_member",
            is_provider=is_service_provider(actor),
        )
        if other.is_steering and actor.is_active:
            other.key_figures = key_figures(scope_for(actor))
        if other.is_dpo:
            # The answer dates of the access-log requests (the worklist's per-user items).
            dpo_list, _relations, _shown = collect(actor=actor, today=today)
            remember_inbox_count(actor, today, len(dpo_list.overdue) + len(dpo_list.this_week), request)
            other.waiting = _waiting({group: list(dpo_list.groups[group]) for group in GROUPS})
        return other
    worklist, relations, _shown = collect(actor=actor, today=today)
    # The header counts the same list: it reads this count instead of collecting it again.
    remember_inbox_count(actor, today, len(worklist.overdue) + len(worklist.this_week), request)
    groups: dict[str, list[object]] = {group: list(worklist.groups[group]) for group in GROUPS}
    page = HomePage(kind="manager" if is_manager(actor) else "professional", waiting=_waiting(groups))
    page.notices = len(worklist.notices)
    page.recent = _recent_clients(actor, request)
    page.case_links = _case_links(actor, relations, page.recent)
    if page.kind == "manager":
        pending = ClientRelationship.objects.filter(
            Q(responsible_unit_id=actor.unit_id) | Q(responsible_unit__parent_id=actor.unit_id),
            phase=Phase.REFERRAL,
            referral__status=Referral.Status.PENDING,
        )
        page.pending_referrals = pending.count()
        page.referrals_url = _referrals_url(actor, pending, page.pending_referrals)
        page.per_professional = [row for row in worklist.per_professional if row.overdue]
        page.per_professional.sort(key=lambda row: -row.overdue)
    return page


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    page = home_page(actor, request)
    return render(request, "web/home.html", {"page": page, "search_form": SearchForm()})


# Set once every migration this code knows is applied; they are not unapplied under a running server, so
# the readiness probe stops reading the migration files and table after its first success.
_migrations_applied = False


def _unapplied_migrations() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return not _migrations_applied


@never_cache
@require_GET
def liveness(request: HttpRequest) -> JsonResponse:
    """For the process manager and the load balancer's liveness probe: the process answers. No database:
    a database outage must not get every app server restarted."""
    return JsonResponse({"status": "ok"})


def _newest_entry_lacks_its_chain_head() -> bool:
    """Chains get their head with their first entry, so an empty chain has none; a chain with entries and
    no head refuses every append (ChainHeadMissing). One indexed query: the newest entry and its head."""
    newest = AccessEvent.objects.order_by("-id").values("pk")[:1]
    return (
        AccessEvent.objects.filter(pk=Subquery(newest))
        .exclude(Exists(ChainHead.objects.filter(pk=OuterRef("chain"))))
        .exists()
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness, for load balancers: 200 when this server can serve, 503 naming what is missing.

    The database answers, every migration of this code is applied (a server of a newer release waits for
    `migrate`), and the access log's chain head can be read (every page with client data writes the log,
    so a server that cannot reach it can serve nothing). No data in the answer, no login needed.
    """
    checks = {"database": "ok", "migrations": "ok", "audit": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("readiness check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        if _unapplied_migrations():
            checks["migrations"] = "pending"
    except DatabaseError:
        logger.exception("readiness check: migration state unreadable")
        checks["migrations"] = "unreadable"
    try:
        if _newest_entry_lacks_its_chain_head():
            checks["audit"] = "missing"
    except DatabaseError:
        logger.exception("readiness check: audit chain head unreadable")
        checks["audit"] = "unreachable"
    if any(value != "ok" for value in checks.values()):
        return JsonResponse({"status": "error", **checks}, status=503)
    return JsonResponse({"status": "ok", **checks})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The access policy's denials carry a reason in plain words; other 403s show the general text.
    decision = getattr(exception, "decision", None)
    return render(request, "errors/403.html", {"reason": decision.message if decision else ""}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (the page was open long, or the user logged in in another tab): say what to do.

    Django's own page is English and technical; the reason stays in the log, not on the page.
    """
    return render(request, "errors/csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database or the session may be what failed.
    if pool_exhausted(sys.exc_info()[1]):
        # Every pooled database connection stayed busy for DB_POOL_TIMEOUT: try again, nothing is broken.
        if request.path.startswith("/api/"):
            response: HttpResponse = api_error(request, 503, BUSY_CODE, str(BUSY_MESSAGE))
        else:
            response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
