"""Client pages for professionals. Thin: parse input, call one service or selector, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.clients import selectors, services
from yhteispolku.clients.errors import (
    BenefitPeriodInvalid,
    ConsentInvalid,
    DuplicateIdentityCode,
    InvalidIdentityCode,
    StaleEdit,
)
from yhteispolku.clients.forms import (
    BenefitPeriodForm,
    CaseloadForm,
    ClientEditForm,
    ClientRegisterForm,
    ConsentForm,
    ConsentRevokeForm,
    JournalEntryForm,
    SearchForm,
)
from yhteispolku.clients.models import JOURNAL_OBJECT_TYPE, Consent, JournalEntry
from yhteispolku.clients.printout import consent_form_response
from yhteispolku.clients.services import EmptyJournalEntry, journal_entry_create
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import confirmation, is_confirmed

JOURNAL_CATEGORIES = {
    c.value: c
    for c in (
        DataCategory.EMPLOYMENT,
        DataCategory.SOCIAL,
        DataCategory.HEALTH,
        DataCategory.KELA,
        DataCategory.PLAN,
    )
}


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _journal_category(value: str) -> DataCategory:
    if value not in JOURNAL_CATEGORIES:
        raise Http404
    return JOURNAL_CATEGORIES[value]


@login_required
@require_http_methods(["GET"])
def client_list(request: HttpRequest) -> HttpResponse:
    """The caseload (sorted, filtered, paged by GET parameters) or, with `q`, the search's results."""
    actor = _actor(request)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        try:
            results = selectors.client_search(actor=actor, query=form.cleaned_data["q"], request=request)
        except InvalidIdentityCode as error:
            form.add_error("q", error.messages)
    context: dict[str, object] = {"form": form, "results": results}
    if results is None:
        caseload = selectors.caseload(
            actor=actor,
            query=_caseload_query(request),
            today=timezone.localdate(),
            request=request,
            page=request.GET.get("sivu", 1),
        )
        query = caseload.query
        state = {
            "jarjestys": query.sort,
            "polku": query.track,
            "vaihe": query.phase,
            "myohassa": "1" if query.overdue else "",
            "nakyma": query.scope,
        }
        context |= {
            "caseload": caseload,
            "filters": CaseloadForm(
                initial={**state, "myohassa": query.overdue},
                track_choices=caseload.track_choices,
                phase_choices=caseload.phase_choices,
                has_unit_view=caseload.has_unit_view,
            ),
            # The state kept in the paging links.
            "state": urlencode({name: value for name, value in state.items() if value}),
            "filtered": bool(query.track or query.phase or query.overdue or query.scope == "omat"),
        }
    return render(request, "clients/list.html", context)


def _caseload_query(request: HttpRequest) -> selectors.CaseloadQuery:
    """The sort and filters as given; the selector drops what does not apply."""
    get = request.GET
    return selectors.CaseloadQuery(
        sort=get.get("jarjestys", "")[:20],
        track=get.get("polku", "")[:40],
        phase=get.get("vaihe", "")[:20],
        overdue=get.get("myohassa", "") in ("1", "on", "true"),
        scope=get.get("nakyma", "")[:20],
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_register(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = ClientRegisterForm(request.POST or None)
    existing = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        identity_code = data.pop("identity_code")
        try:
            client = services.client_register(
                actor=actor, identity_code=identity_code, data=data, request=request
            )
        except DuplicateIdentityCode as error:
            form.add_error("identity_code", error)
            existing = error.existing_if_reachable
            if existing is None:
                form.add_error(
                    "identity_code",
                    ValidationError(
                        _(
                            "Et työskentele tämän asiakkaan kanssa, joten hänen tietojaan ei näytetä. "
                            "Ota yhteyttä asiakkaan vastuuyksikköön."
                        ),
                        code=DuplicateIdentityCode.code,
                    ),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Asiakas on rekisteröity ja sinut on lisätty hänen tiimiinsä."))
            return redirect("clients:detail", code=client.code)
    if request.method == "POST":
        status = 409 if form.has_error("identity_code", DuplicateIdentityCode.code) else 400
    return render(request, "clients/register.html", {"form": form, "existing": existing}, status=status)


@login_required
@require_http_methods(["GET"])
def client_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    sections = [
        {"category": category, "visible": category in view.visible}
        for category in JOURNAL_CATEGORIES.values()
    ]
    return render(
        request,
        "clients/detail.html",
        {
            "view": view,
            "client": view.client,
            "sections": sections,
            "can_edit": view.can(actor, Action.UPDATE, DataCategory.BASIC),
            # The tracks and their links come from the apps that own them, each link only where the
            # policy lets this actor open it.
            **selectors.client_sections(actor, view, request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    client, _facts = selectors.client_for_action(
        actor=actor, code=code, action=Action.UPDATE, category=DataCategory.BASIC, request=request
    )
    form = ClientEditForm(request.POST or None, instance=client, initial={"version": client.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.client_update(
                actor=actor,
                client=client,
                category=DataCategory.BASIC,
                data=data,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleEdit as error:
            form.add_error(None, error)
            status = 409
        else:
            messages.success(request, _("Perustiedot on tallennettu."))
            return redirect("clients:detail", code=client.code)
    if request.method == "POST" and status == 200:
        status = 400
    return render(request, "clients/edit.html", {"form": form, "client": client}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def category_entries(request: HttpRequest, code: str, category: str) -> HttpResponse:
    actor = _actor(request)
    data_category = _journal_category(category)
    view = selectors.client_get(actor=actor, code=code, request=request)
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                journal_entry_create(
                    actor=actor,
                    client=view.client,
                    category=data_category,
                    text=form.cleaned_data["text"],
                    facts=view.facts,
                    request=request,
                )
            except EmptyJournalEntry as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, _("Merkintä on tallennettu."))
                return redirect("clients:category", code=view.client.code, category=category)
        status = 400
    else:
        status = 200
    entries = selectors.journal_entries(
        actor=actor, client=view.client, category=data_category, facts=view.facts, request=request
    )
    return render(
        request,
        "clients/category.html",
        {
            "client": view.client,
            "category": data_category,
            "entries": entries,
            "form": form,
            "can_create": view.can(actor, Action.CREATE, data_category),
            "can_print": view.can(actor, Action.PRINT, data_category, JOURNAL_OBJECT_TYPE),
            # An entry of the joint plan may be shown to the client in Oma Yhteispolku.
            "can_show_to_client": data_category == DataCategory.PLAN
            and view.can(actor, Action.UPDATE, data_category, JOURNAL_OBJECT_TYPE),
        },
        status=status,
    )


def _entries_for(
    request: HttpRequest, code: str, category: str, action: Action
) -> tuple[selectors.ClientView, DataCategory, QuerySet[JournalEntry]]:
    actor = _actor(request)
    data_category = _journal_category(category)
    view = selectors.client_get(actor=actor, code=code, request=request)
    entries = selectors.journal_entries(
        actor=actor,
        client=view.client,
        category=data_category,
        facts=view.facts,
        action=action,
        request=request,
    )
    return view, data_category, entries


@login_required
@require_http_methods(["GET"])
def category_print(request: HttpRequest, code: str, category: str) -> HttpResponse:
    view, data_category, entries = _entries_for(request, code, category, Action.PRINT)
    return render(
        request,
        "clients/category_print.html",
        {"client": view.client, "category": data_category, "entries": entries},
    )


@login_required
@require_http_methods(["GET"])
def category_export(request: HttpRequest, code: str, category: str) -> HttpResponse:
    view, data_category, entries = _entries_for(request, code, category, Action.EXPORT)
    payload = {
        "client": str(view.client.code),
        "category": data_category.value,
        "entries": [
            {
                "id": str(entry.code),
                "created_at": entry.created_at.isoformat(),
                "author": str(entry.author),
                "organisation": entry.organisation.name_fi,
                "text": entry.text,
            }
            for entry in entries
        ],
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{data_category.value}-{view.client.code}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def benefit_periods(request: HttpRequest, code: str) -> HttpResponse:
    """The client's benefits with their dates, in the categories the actor may see; the form records one in
    a category the actor may create."""
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    periods = selectors.benefit_periods(actor=actor, client=view.client, facts=view.facts, request=request)
    today = timezone.localdate()
    form = BenefitPeriodForm(request.POST or None, categories=periods.creatable)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.benefit_period_record(
                    actor=actor, client=view.client, facts=view.facts, request=request, **form.cleaned_data
                )
            except BenefitPeriodInvalid as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Etuusjakso on kirjattu."))
                return redirect("clients:benefits", code=view.client.code)
        status = 400
    return render(
        request,
        "clients/benefits.html",
        {
            "client": view.client,
            "periods": periods,
            "rows": [(period, period.is_current(today)) for period in periods.periods],
            "form": form,
            "can_record": bool(periods.creatable),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_list(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.consent_give(actor=actor, client=view.client, request=request, **form.cleaned_data)
            except ConsentInvalid as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Suostumus on kirjattu."))
                return redirect("clients:consents", code=view.client.code)
        status = 400
    consents = selectors.consents_for(actor=actor, client=view.client, facts=view.facts, request=request)
    return render(
        request,
        "clients/consents.html",
        {
            "client": view.client,
            "consents": consents,
            "form": form,
            "can_record": view.can(actor, Action.CREATE, DataCategory.BASIC),
            "can_print": view.can(actor, Action.PRINT, DataCategory.BASIC, "clients.consent"),
            # A consent recorded, the next step may be the referral to TYM.
            **selectors.client_sections(actor, view, request, only=("referral_offer",)),
        },
        status=status,
    )


@login_required
@require_GET
def consent_form_pdf(request: HttpRequest, code: str, consent_code: str) -> HttpResponse:
    """The consent as a form for the client to sign (PDF): printing is its own decision and audit entry."""
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    consent = selectors.consent_for_print(
        actor=actor, client=view.client, consent_code=consent_code, facts=view.facts, request=request
    )
    return consent_form_response(consent)


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, code: str, consent_code: str) -> HttpResponse:
    """Revoke a consent after a confirmation step: the page (or a POST without `confirmed=1`) names the
    consent and what the revocation does, asks how the client gave notice, and changes nothing."""
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    try:
        consent = Consent.objects.get(client=view.client, code=consent_code)
    except (Consent.DoesNotExist, ValidationError) as error:
        raise Http404 from error
    # Recording the revocation is what the page is for: asked before anything about the consent is shown.
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.BASIC,
        client=view.client,
        request=request,
        object_type="clients.consent",
        object_id=str(consent.code),
        facts=view.facts,
    )
    if consent.revoked_at is not None:
        messages.error(request, _("Suostumus on jo peruttu."))
        return redirect("clients:consents", code=view.client.code)
    form = ConsentRevokeForm(request.POST or None)
    if is_confirmed(request) and form.is_valid():
        try:
            services.consent_revoke(
                actor=actor,
                consent=consent,
                how=form.cleaned_data["how"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ConsentInvalid as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Suostumus on peruttu. Sen sallimat näkymät poistuivat heti."))
        return redirect("clients:consents", code=view.client.code)
    if not is_confirmed(request):
        form = ConsentRevokeForm(initial=request.POST.dict() if request.method == "POST" else None)
    back = reverse("clients:consents", kwargs={"code": view.client.code})
    organisations = ", ".join(str(organisation) for organisation in consent.organisations.all())
    categories = ", ".join(str(DataCategory(value).label) for value in consent.categories)
    return confirmation(
        request,
        client=view.client,
        question=_("Peruutetaanko suostumus: %(purpose)s?") % {"purpose": consent.get_purpose_display()},
        consequences=[
            _(
                "Peruutus tulee voimaan heti: organisaatiot %(organisations)s eivät enää saa tietoja, "
                "joiden näkeminen perustui tähän suostumukseen (%(categories)s)."
            )
            % {"organisations": organisations, "categories": categories},
            _(
                "Peruttua suostumusta ei voi palauttaa. Jos asiakas antaa suostumuksen uudelleen, se "
                "kirjataan uutena."
            ),
        ],
        back_url=back,
        back_label=_("Takaisin suostumuksiin"),
        form=form,
        cancel_url=back,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_show_to_client(request: HttpRequest, code: str, entry_code: str) -> HttpResponse:
    """Show one entry of the joint plan to the client in Oma Yhteispolku, after a confirmation step (it
    cannot be undone); she can then read and acknowledge it."""
    actor = _actor(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    try:
        entry = JournalEntry.objects.get(client=view.client, code=entry_code, category=DataCategory.PLAN)
    except (JournalEntry.DoesNotExist, ValidationError) as error:
        raise Http404 from error
    back = reverse("clients:category", kwargs={"code": view.client.code, "category": DataCategory.PLAN.value})
    if is_confirmed(request):
        try:
            services.journal_entry_show_to_client(actor=actor, entry=entry, facts=view.facts, request=request)
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("Merkintä näkyy nyt asiakkaalle Oma Yhteispolussa."))
        return redirect(back)
    # Asking is already the attempt to update the entry: the policy answers (and logs) before the question.
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=view.client,
        request=request,
        facts=view.facts,
        object_type=JOURNAL_OBJECT_TYPE,
        object_id=str(entry.code),
    )
    if entry.shown_to_client_at is not None:
        messages.error(request, _("Merkintä näkyy jo asiakkaalle."))
        return redirect(back)
    return confirmation(
        request,
        client=view.client,
        question=_("Näytetäänkö merkintä asiakkaalle?"),
        consequences=[
            _(
                "Asiakas näkee merkinnän tekstin, päivän ja kirjoittajan Oma Yhteispolussa ja voi kuitata "
                "sen luetuksi."
            ),
            _("Näyttämistä ei voi perua."),
        ],
        back_url=back,
        back_label=_("Takaisin merkintöihin"),
        cancel_url=back,
    )
