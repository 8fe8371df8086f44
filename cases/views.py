"""Pages of the cases app. Views parse input and call services; the rules are in services.py."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, F, Prefetch, Q, QuerySet, Value
from django.db.models.lookups import Lookup
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from legalaid import calendar, documents
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField, Unit
from legalaid.refusal import DUPLICATE, Refusal, add_to_form
from legalaid.roles import Role, has_role, visible_units
from legalaid.text import search_key

from . import forms, services
from .models import (
    Appointment,
    Appraisal,
    Beneficiary,
    Case,
    CaseEvent,
    Complaint,
    Evaluation,
    EvaluationRound,
    ProofPaper,
    ReplacementRequest,
    Survey,
    SurveyLink,
    WorkEntry,
)
from .workflow import Action, allowed_actions

PAGE_SIZE = 50
EVENT_LABELS = {
    **dict(Action.choices),
    "receive": gettext_lazy("Request received"),
    "paper": gettext_lazy("Proving paper recorded"),
    "survey": gettext_lazy("Satisfaction survey"),
    "complaint": gettext_lazy("Complaint recorded"),
    "evaluation_drawn": gettext_lazy("Drawn for evaluation"),
    "evaluated": gettext_lazy("Evaluated by the Department of Justice"),
    "payment": gettext_lazy("Payment recorded"),
}


# --- List, search, export --------------------------------------------------------------------


# The dates the case list can be cut by: (column, label).
DATE_FILTERS = {
    "received": ("request_date", gettext_lazy("request date")),
    "accepted": ("accepted_on", gettext_lazy("acceptance date")),
    "closed": ("closed_on", gettext_lazy("date refused, referred or stopped")),
    "completed": ("completed_on", gettext_lazy("completion date")),
}


def _filtered_cases(request):
    """The case list's queryset from the query string, the values to show in the filters, and
    the same cases written to be counted quickly."""
    user = request.user
    params = request.GET
    cases = services.cases_for_user(user)
    today = timezone.localdate()
    chosen = {
        key: params.get(key, "").strip()
        for key in (
            "status",
            "form",
            "field",
            "category",
            "unit",
            "performer",
            "overdue",
            "year",
            "q",
            "mine",
            "event",
            "from",
            "to",
            "successful",
        )
    }
    if chosen["status"] in Case.Status.values:
        cases = cases.filter(status=chosen["status"])
    # Reference lists by id (the filter form) or by code (links from the dashboard's figures).
    for name, model in (("form", LegalAidForm), ("field", LegalField)):
        if chosen[name] and not chosen[name].isdigit():
            found = model.objects.filter(code=chosen[name]).values_list("pk", flat=True).first()
            chosen[name] = str(found) if found else ""
        if chosen[name].isdigit():
            cases = cases.filter(**{f"{name}_id": int(chosen[name])})
    if chosen["unit"].isdigit():
        unit = visible_units(user).filter(pk=int(chosen["unit"])).first()
        if unit is not None:
            cases = cases.filter(unit__path__startswith=unit.path)
    if chosen["performer"].isdigit():
        cases = cases.filter(performer_id=int(chosen["performer"]))
    if chosen["overdue"]:
        cases = cases.filter(status__in=Case.OPEN_STATES, next_deadline__lt=today)
    if chosen["year"].isdigit():
        cases = cases.filter(request_date__year=int(chosen["year"]))
    # A date range on one of the case's dates (the dashboard links each figure this way).
    column = DATE_FILTERS.get(chosen["event"], DATE_FILTERS["received"])[0]
    chosen["event"] = chosen["event"] if chosen["event"] in DATE_FILTERS else "received"
    for bound, lookup in (("from", "gte"), ("to", "lte")):
        try:
            day = date.fromisoformat(chosen[bound]) if chosen[bound] else None
        except ValueError:
            day = None
        chosen[bound] = day.isoformat() if day else ""
        if day is not None:
            cases = cases.filter(**{f"{column}__{lookup}": day})
    if chosen["successful"]:
        cases = cases.filter(successful=True)
    if chosen["mine"]:
        cases = cases.filter(Q(performer__user=user) | Q(appraisal__appraiser=user) | Q(received_by=user))
    counted = cases
    if chosen["category"]:
        lookup = (
            {"pk": int(chosen["category"])} if chosen["category"].isdigit() else {"code": chosen["category"]}
        )
        category = BeneficiaryCategory.objects.filter(**lookup).first()
        chosen["category"] = str(category.pk) if category else ""
        if category is not None:
            # A filter on a sensitive category shows only the cases one works on.
            own = Q()
            if category.sensitive and not (user.is_superuser or has_role(user, Role.DIRECTOR)):
                own = Q(received_by=user) | Q(performer__user=user) | Q(appraisal__appraiser=user)
            cases = cases.filter(Q(categories=category) & own)
            # Counted through the join, PostgreSQL hashed the category's cases and read the
            # register until it had found enough (100 ms for 200,000 cases); named as one
            # array, they are looked up by id.
            in_category = Case.categories.through.objects.filter(beneficiarycategory=category)
            in_category = in_category.values("case_id")
            counted = counted.filter(_AnyOf(F("pk"), ArraySubquery(in_category)) & own)
    if chosen["q"]:
        cases = counted = _search(cases, chosen["q"])
    return cases, chosen, counted


class _AnyOf(Lookup):
    """``column = ANY(array)``: a list of bigint ids sent as one array parameter, where ``__in``
    would send one parameter per id and spend milliseconds quoting thousands of them."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


# Up to this many cases found by a search are named to PostgreSQL; beyond, the search itself.
SEARCH_ID_LIMIT = 5000


def _search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """``cases`` narrowed to a name without diacritics, a citizen ID prefix, a register number
    or a Ministry ID.

    Only digits: a citizen ID prefix or the start of a register number. Text holding a digit
    among other signs: a register number or Ministry ID, typed whole. Text without a digit
    (register numbers and Ministry IDs always have one): a name, matched word by word through
    the GIN index of ``Beneficiary.name_matches``, never ORed with a case column that would
    make PostgreSQL read every case.

    The cases found, with every other filter of the list, are looked up first: one query with
    no order, which PostgreSQL starts from its most selective test (the words, a state, a
    year), returning one array. Up to SEARCH_ID_LIMIT of them are then named, so the page and
    its count fetch just those rows knowing how few they are; beyond, the search stays a test
    on the beneficiary join the list makes anyway, and PostgreSQL walks the newest cases and
    stops at one page. Register numbers and Ministry IDs are found through their indexes
    (upper case, so any case typed matches)."""
    key = search_key(text)
    if key.isdigit():
        # Two indexed lookups made one (a UNION): ORed in one WHERE, they read every case.
        people = Beneficiary.objects.filter(Beneficiary.citizen_id_matches(key))
        by_person, by_number = (
            cases.filter(beneficiary__in=people),
            cases.filter(register_number__startswith=key),
        )
        found = cases.filter(Q(beneficiary__in=people) | Q(register_number__startswith=key))
        ids = list(
            by_person.order_by()
            .values_list("pk", flat=True)[: SEARCH_ID_LIMIT + 1]
            .union(by_number.order_by().values_list("pk", flat=True)[: SEARCH_ID_LIMIT + 1])
        )
    else:
        if any(ch.isdigit() for ch in key):
            found = cases.filter(
                Q(register_number__iexact=text.strip()) | Q(national_id__iexact=text.strip())
            )
        else:
            found = cases.filter(Beneficiary.name_matches(key, path="beneficiary__"))
        # One row holding an array, and one array parameter back: thousands of ids cost little.
        ids = found.order_by()[: SEARCH_ID_LIMIT + 1].aggregate(ids=ArrayAgg("pk", default=[]))["ids"]
    if len(ids) > SEARCH_ID_LIMIT:
        return found
    return cases.filter(_AnyOf(F("pk"), Value(ids, output_field=ArrayField(BigIntegerField()))))


class CappedPaginator(Paginator):
    """Counts at most CAP rows: the list says "more than ..." instead of counting a whole
    register, and narrower filters reach the older rows."""

    CAP = 5000
    DEEP = 250  # rows skipped beyond which a page's ids come from ``count_list``

    def __init__(self, object_list, per_page, *, count_list=None) -> None:
        super().__init__(object_list, per_page)
        self.count_list = object_list if count_list is None else count_list  # the same rows, cheaper to count

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            self._capped_count = self.count_list.order_by().values("pk")[: self.CAP + 1].count()
        return min(self._capped_count, self.CAP)

    @property
    def capped(self) -> bool:
        return self.count >= self.CAP and self._capped_count > self.CAP

    def page(self, number):
        """The page's rows in two steps: the ids alone (the order's index, no join, however
        deep the page), then those rows with their relations. One query with the joins and an
        OFFSET made PostgreSQL join every row it skipped (134 ms at page 100 of 200,000 cases)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        # Near the top, the list's own query walks the order's index and stops at the page;
        # deeper, the cheaper-to-count form is sorted whole (it holds at most a category).
        source = self.object_list
        if bottom >= self.DEEP and self.count_list is not self.object_list:
            source = self.count_list.order_by(*self.object_list.query.order_by)
        ids = list(source.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)


def _with_list_relations(cases):
    return cases.select_related("beneficiary", "form", "field", "unit", "performer").prefetch_related(
        Prefetch("categories", queryset=BeneficiaryCategory.objects.order_by("position", "code"))
    )


# What a row of the case list and of the deadlines list shows (and what deciding whether its
# categories are masked needs): reading and converting every column of five tables for 50 rows
# cost more than the query itself.
LIST_COLUMNS = (
    "register_number",
    "request_date",
    "status",
    "next_deadline",
    "deadline_label",
    "sensitive",
    "received_by_id",
    "unit__path",
    "unit__name",
    "unit__short_name",
    "beneficiary__full_name",
    "form__code",
    "field__code",
    "performer__full_name",
    "performer__user_id",
)


def _shown_categories(user, case, manager_units: list[str]) -> str:
    """The categories of a row, or a mask when they are sensitive and the user is not on the case."""
    names = [f"{c.clause}" for c in case.categories.all()]
    if case.sensitive and not (
        user.is_superuser
        or any(case.unit.path.startswith(p) for p in manager_units)
        or case.received_by_id == user.pk
        or (case.performer_id and case.performer.user_id == user.pk)
        or case.pk in getattr(user, "_appraising", ())
    ):
        return _("protected")
    return ", ".join(names)


def _note_appraisals(user, cases) -> None:
    """Which of these cases the user appraises (they may see their sensitive categories)."""
    user._appraising = set(
        Appraisal.objects.filter(appraiser=user, case_id__in=[c.pk for c in cases]).values_list(
            "case_id", flat=True
        )
    )


def _status_labels() -> dict[str, str]:
    """State -> label, translated once for a whole list: ``get_status_display()`` hashed every
    choice's lazy label for every row (a third of the list page's time)."""
    return {value: str(label) for value, label in Case.Status.choices}


def _label_statuses(cases) -> None:
    labels = _status_labels()
    for case in cases:
        case.status_label = labels[case.status]


def _manager_paths(user) -> list[str]:
    if has_role(user, Role.DIRECTOR) and user.unit_id:
        return [user.unit.path]
    return []


@permission_required("cases.view_case", raise_exception=True)
def index(request):
    cases, chosen, counted = _filtered_cases(request)
    paginator = CappedPaginator(
        _with_list_relations(cases).only(*LIST_COLUMNS).order_by("-request_date", "-pk"),
        PAGE_SIZE,
        count_list=counted,
    )
    page = paginator.get_page(request.GET.get("page"))
    manager = _manager_paths(request.user)
    cases_on_page = list(page.object_list)
    _note_appraisals(request.user, cases_on_page)
    _label_statuses(cases_on_page)
    rows = [(case, _shown_categories(request.user, case, manager)) for case in cases_on_page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/index.html",
        {
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "statuses": Case.Status.choices,
            "date_filters": [(k, v[1]) for k, v in DATE_FILTERS.items()],
            "forms_": LegalAidForm.objects.all(),
            "fields": LegalField.objects.all(),
            "categories": BeneficiaryCategory.objects.all(),
            "units": visible_units(request.user).filter(
                kind__in=[Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH]
            ),
            "may_receive": request.user.has_perm("cases.add_case"),
        },
    )


XLSX_HEADERS = [
    "STT",
    "Số thụ lý",
    "Ngày yêu cầu",
    "Người được TGPL",
    "Giới tính",
    "Năm sinh",
    "Dân tộc",
    "Diện người được TGPL",
    "Hình thức",
    "Lĩnh vực",
    "Đơn vị",
    "Người thực hiện",
    "Trạng thái",
    "Hạn tiếp theo",
    "Mã trên phần mềm của Bộ",
]


@permission_required("cases.export_case", raise_exception=True)
def export(request):
    from openpyxl import Workbook

    cases, _chosen, _counted = _filtered_cases(request)
    cases = (
        _with_list_relations(cases).select_related("beneficiary__ethnicity").order_by("-request_date", "-pk")
    )
    manager = _manager_paths(request.user)
    request.user._appraising = set(
        Appraisal.objects.filter(appraiser=request.user).values_list("case_id", flat=True)
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Vụ việc")
    sheet.append(["DANH SÁCH VỤ VIỆC TRỢ GIÚP PHÁP LÝ"])
    sheet.append(XLSX_HEADERS)
    statuses = _status_labels()
    for index_, case in enumerate(cases[:50000], start=1):
        b = case.beneficiary
        sheet.append(
            [
                index_,
                case.register_number,
                case.request_date,
                b.full_name,
                b.get_sex_display(),
                b.date_of_birth.year if b.date_of_birth else "",
                str(b.ethnicity or ""),
                _shown_categories(request.user, case, manager),
                case.form.name,
                case.field.name,
                case.unit.name,
                case.performer.full_name if case.performer_id else "",
                statuses[case.status],
                case.next_deadline or "",
                case.national_id,
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="vu-viec.xlsx"'
    return response


@permission_required("cases.view_case", raise_exception=True)
def deadlines(request):
    """Overdue and due this week: the user's own cases, and the whole unit's, the most overdue
    first, 50 a page (a unit behind on its work may have thousands)."""
    today = timezone.localdate()
    week_end = calendar.week_end(today)
    base = services.cases_for_user(request.user).filter(
        status__in=Case.OPEN_STATES, next_deadline__lte=week_end
    )
    user = request.user
    mine = base.filter(Q(performer__user=user) | Q(appraisal__appraiser=user) | Q(received_by=user))
    scope = "unit" if request.GET.get("scope") == "unit" else "mine"
    cases = mine if scope == "mine" else base
    paginator = CappedPaginator(
        cases.select_related("beneficiary", "form", "field", "unit", "performer")
        .only(*LIST_COLUMNS)
        .order_by("next_deadline", "pk"),
        PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request, "cases/deadlines.html", {"page": page, "scope": scope, "today": today, "week_end": week_end}
    )


# --- Intake and verification -----------------------------------------------------------------


def _receiving_units(user):
    return visible_units(user).filter(
        kind__in=[Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH], active=True
    )


@permission_required("cases.add_case", raise_exception=True)
def person_lookup(request):
    """As-you-type lookup of people already registered, without diacritics."""
    key = search_key(request.GET.get("q", ""))
    if len(key) < 2:
        return JsonResponse({"results": []})
    people = Beneficiary.objects.select_related("commune")
    people = (
        people.filter(Beneficiary.citizen_id_matches(key))
        if key.isdigit()
        else people.filter(Beneficiary.name_matches(key))
    )
    results = [
        {
            "id": p.pk,
            "name": p.full_name,
            "birth": p.date_of_birth.strftime("%d/%m/%Y") if p.date_of_birth else "",
            "citizen_id": p.citizen_id,
            "commune": p.commune.name if p.commune_id else "",
        }
        for p in people.order_by("name_sort_key")[:10]
    ]
    return JsonResponse({"results": results})


@permission_required("cases.add_case", raise_exception=True)
def intake(request):
    units = _receiving_units(request.user)
    duplicates = []
    if request.method == "POST":
        form = forms.IntakeForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            existing = None
            if data["existing_beneficiary"]:
                existing = Beneficiary.objects.filter(pk=data["existing_beneficiary"]).first()
            new = None
            if existing is None:
                new = services.BeneficiaryData(
                    full_name=data["full_name"],
                    sex=data["sex"],
                    date_of_birth=data["date_of_birth"],
                    ethnicity_id=data["ethnicity"].pk if data["ethnicity"] else None,
                    citizen_id=data["citizen_id"] or "",
                    commune_id=data["commune"].pk if data["commune"] else None,
                    address=data["address"],
                    phone=data["phone"],
                )
            try:
                case = services.case_receive(
                    by=request.user,
                    unit=data["unit"],
                    request_date=data["request_date"],
                    categories=list(data["categories"]),
                    form=data["form"],
                    field=data["field"],
                    description=data["description"],
                    beneficiary=existing,
                    new_beneficiary=new,
                    allow_duplicate=data["confirm_new_person"],
                    channel=data["channel"],
                    urgent=data["urgent"],
                    requester_kind=data["requester_kind"],
                    requester_name=data["requester_name"],
                    requester_relation=data["requester_relation"],
                    requester_phone=data["requester_phone"],
                    requester_agency=data["requester_agency"],
                    forwarding_document=data["forwarding_document"],
                    outreach_session=data["outreach_session"],
                )
            except Refusal as error:
                duplicates = error.details.get("candidates", []) if error.code == DUPLICATE else []
                add_to_form(form, error)
            else:
                messages.success(request, _("The request was received. Now check the proving papers."))
                return redirect("cases:detail", pk=case.pk)
    else:
        form = forms.IntakeForm(units=units, initial={"unit": request.user.unit_id})
    categories = BeneficiaryCategory.objects.valid_on(timezone.localdate()).filter(active=True)
    return render(
        request,
        "cases/intake.html",
        {"form": form, "duplicates": duplicates, "valid_today": set(categories.values_list("pk", flat=True))},
    )


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def paper_add(request, pk: int):
    case = services.get_case_for_user(request.user, pk)
    form = forms.PaperForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proof_paper_add(
                case=case,
                by=request.user,
                document_type=data["document_type"],
                number=data["number"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                scan=data["scan"],
            )
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The paper was recorded."))
    else:
        messages.error(
            request,
            _("Check the paper: %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#papers")


def _private_file(request, case: Case, file_field):
    if case.sensitive and not services.may_see_sensitive(request.user, case):
        raise Http404
    if not file_field:
        raise Http404
    name = file_field.name.rsplit("/", 1)[-1]
    response = FileResponse(file_field.open("rb"), as_attachment=False, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("cases.view_case", raise_exception=True)
def paper_scan(request, pk: int, paper_pk: int):
    case = services.get_case_for_user(request.user, pk)
    paper = get_object_or_404(ProofPaper, pk=paper_pk, case=case)
    return _private_file(request, case, paper.scan)


@permission_required("cases.view_case", raise_exception=True)
def work_result(request, pk: int, entry_pk: int):
    case = services.get_case_for_user(request.user, pk)
    entry = get_object_or_404(WorkEntry, pk=entry_pk, case=case)
    return _private_file(request, case, entry.result)


# --- The case page and its actions -----------------------------------------------------------


@permission_required("cases.view_case", raise_exception=True)
def detail(request, pk: int):
    case = services.get_case_for_user(request.user, pk)
    see_sensitive = services.may_see_sensitive(request.user, case)
    checklist = services.papers_checklist(case)
    papers = list(case.papers.select_related("document_type"))
    appraisal = Appraisal.objects.filter(case=case).select_related("appraiser", "outcome").first()
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    status_labels = dict(Case.Status.choices)
    timeline = [
        (
            e,
            EVENT_LABELS.get(e.code, e.code),
            status_labels.get(e.to_status, "") if e.to_status != e.from_status else "",
        )
        for e in events
    ]
    user_may_add_papers = request.user.is_superuser or (
        has_role(request.user, Role.DIRECTOR, Role.INTAKE_OFFICER)
        and case.status
        in (
            Case.Status.RECEIVED,
            Case.Status.NEEDS_PAPERS,
            Case.Status.ACCEPTED,
            Case.Status.ASSIGNED,
            Case.Status.SUSPENDED,
        )
    )
    survey_link = services.survey_link_for(case) if case.register_number else None
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "see_sensitive": see_sensitive,
            "categories": case.categories.all(),
            "checklist": checklist,
            "papers": papers,
            "actions": [(a, Action(a).label) for a in allowed_actions(case, request.user)],
            "appointments": Appointment.objects.filter(case=case).select_related("performer", "replaced"),
            "replacements": ReplacementRequest.objects.filter(case=case),
            "work": WorkEntry.objects.filter(case=case).select_related("recorded_by"),
            "appraisal": appraisal,
            "surveys": Survey.objects.filter(case=case),
            "complaints": Complaint.objects.filter(case=case),
            "timeline": timeline,
            "paper_form": forms.PaperForm() if user_may_add_papers else None,
            "survey_form": forms.SurveyForm() if case.status in services.SURVEY_STATES else None,
            "survey_url": request.build_absolute_uri(reverse("cases:survey_public", args=[survey_link.token]))
            if survey_link and see_sensitive
            else "",
            "today": timezone.localdate(),
        },
    )


def _action_form(action: str, case: Case, request, data=None, files=None):
    initial = {"version": case.version}
    kwargs = {"data": data, "files": files, "initial": initial}
    if action == Action.APPOINT or action == Action.DECIDE_REPLACEMENT:
        branch = None
        if request.GET.get("unit", "").isdigit():
            branch = Unit.objects.filter(pk=int(request.GET["unit"])).first()
        performers = services.performer_candidates(
            case=case, field_only=request.GET.get("all_fields") != "1", unit=branch
        )
        if action == Action.DECIDE_REPLACEMENT and case.performer_id:
            performers = performers.exclude(pk=case.performer_id)
        form_class = forms.AppointForm if action == Action.APPOINT else forms.DecideReplacementForm
        return form_class(performers=performers, **kwargs)
    if action == Action.COMPLETE:
        return forms.CompleteForm(case=case, **kwargs)
    if action == Action.APPRAISE:
        return forms.AppraiseForm(case=case, **kwargs)
    if action == Action.ASSIGN_APPRAISAL:
        return forms.AssignAppraisalForm(appraisers=services.appraiser_candidates(case), **kwargs)
    form_class = {
        Action.REQUEST_PAPERS: forms.RequestPapersForm,
        Action.ACCEPT: forms.AcceptForm,
        Action.REFUSE: forms.RefuseForm,
        Action.REFER: forms.ReferForm,
        Action.REQUEST_REPLACEMENT: forms.ReplacementRequestForm,
        Action.LOG_WORK: forms.WorkForm,
        Action.SUSPEND: forms.ReasonForm,
        Action.RESUME: forms.NoteForm,
        Action.TERMINATE: forms.TerminateForm,
    }[action]
    return form_class(**kwargs)


def _run_action(action: str, case: Case, user, data: dict):
    v = data.get("version")
    common = {"case": case, "by": user}
    if action == Action.REQUEST_PAPERS:
        return services.case_request_papers(**common, note=data["note"], expected_version=v)
    if action == Action.ACCEPT:
        return services.case_accept(
            **common, accepted_on=data["accepted_on"], national_id=data["national_id"], expected_version=v
        )
    if action == Action.REFUSE:
        return services.case_refuse(
            **common, reason=data["reason"], explanation=data["explanation"], expected_version=v
        )
    if action == Action.REFER:
        return services.case_refer(
            **common,
            referred_to=data["referred_to"],
            referred_to_text=data["referred_to_text"],
            note=data["note"],
            expected_version=v,
        )
    if action == Action.APPOINT:
        return services.case_appoint(
            **common, performer=data["performer"], decided_on=data["decided_on"], expected_version=v
        )
    if action == Action.REQUEST_REPLACEMENT:
        return services.case_request_replacement(
            **common, reason=data["reason"], received_on=data["received_on"], expected_version=v
        )
    if action == Action.DECIDE_REPLACEMENT:
        return services.case_decide_replacement(
            **common,
            approve=data["approve"],
            answer=data["answer"],
            new_performer=data["performer"],
            decided_on=data["decided_on"],
            expected_version=v,
        )
    if action == Action.LOG_WORK:
        return services.case_log_work(
            **common,
            day=data["day"],
            kind=data["kind"],
            hours=data["hours"],
            description=data["description"],
            result=data["result"],
        )
    if action == Action.SUSPEND:
        return services.case_suspend(**common, reason=data["reason"], expected_version=v)
    if action == Action.RESUME:
        return services.case_resume(**common, note=data["note"], expected_version=v)
    if action == Action.TERMINATE:
        return services.case_terminate(
            **common, reason=data["reason"], terminated_on=data["terminated_on"], expected_version=v
        )
    if action == Action.COMPLETE:
        return services.case_complete(
            **common,
            outcome=data["outcome"],
            summary=data["summary"],
            completed_on=data["completed_on"],
            success_criteria=list(data["success_criteria"]),
            complex_criteria=list(data["complex_criteria"]),
            expected_version=v,
        )
    if action == Action.ASSIGN_APPRAISAL:
        return services.appraisal_assign(
            **common, appraiser=data["appraiser"], assigned_on=data["assigned_on"], expected_version=v
        )
    if action == Action.APPRAISE:
        return services.appraisal_record(
            **common,
            outcome=data["outcome"],
            findings=data["findings"],
            criteria=list(data["criteria"]),
            appraised_on=data["appraised_on"],
            expected_version=v,
        )
    raise Http404


@permission_required("cases.view_case", raise_exception=True)
def action(request, pk: int, name: str):
    if name not in Action.values:
        raise Http404
    case = services.get_case_for_user(request.user, pk)
    if name not in allowed_actions(case, request.user) and request.method == "GET":
        raise PermissionDenied
    if request.method == "POST":
        form = _action_form(name, case, request, request.POST, request.FILES)
        if form.is_valid():
            try:
                _run_action(name, case, request.user, form.cleaned_data)
            except Refusal as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": Action(name).label})
                return redirect("cases:detail", pk=case.pk)
    else:
        form = _action_form(name, case, request)
    checklist = services.papers_checklist(case) if name in (Action.ACCEPT, Action.REQUEST_PAPERS) else None
    return render(
        request,
        "cases/action.html",
        {
            "case": case,
            "form": form,
            "action": name,
            "action_label": Action(name).label,
            "checklist": checklist,
            "units": _receiving_units(request.user).filter(kind=Unit.Kind.BRANCH)
            if name in (Action.APPOINT, Action.DECIDE_REPLACEMENT)
            else None,
        },
        status=200 if request.method == "GET" or not form.errors else 400,
    )


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def survey_staff(request, pk: int):
    case = services.get_case_for_user(request.user, pk)
    if not has_role(request.user, Role.DIRECTOR, Role.INTAKE_OFFICER) and not request.user.is_superuser:
        raise PermissionDenied
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_record(case=case, by=request.user, scores=data, comment=data["comment"])
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The survey was recorded."))
    else:
        messages.error(request, _("Give every score from 1 to 5."))
    return redirect("cases:detail", pk=case.pk)


@login_not_required
def survey_public(request, token: str):
    """The beneficiary's survey through the link on the Phiếu hẹn: no login, single use."""
    link = SurveyLink.objects.select_related("case__centre").filter(token=token).first()
    error = None
    if link is None:
        error = _("This survey link is not valid.")
    elif link.used_at is not None:
        error = _("This survey link has already been used. Thank you.")
    elif link.expires_at <= timezone.now():
        error = _("This survey link has expired.")
    form = forms.SurveyForm(request.POST or None)
    if error is None and request.method == "POST" and form.is_valid():
        try:
            services.survey_submit_public(
                token=token, scores=form.cleaned_data, comment=form.cleaned_data["comment"]
            )
        except Refusal as failure:
            error = failure.message
        else:
            return render(request, "cases/survey_public.html", {"done": True})
    response = render(
        request,
        "cases/survey_public.html",
        {"form": form, "error": error, "centre": link.case.centre if link else None},
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves in a Referer to another site
    return response


# --- Official papers -------------------------------------------------------------------------


def _paper_context(case: Case, number: str, day: date | None, **extra):
    centre = case.centre
    director = centre.users.filter(groups__name=Role.DIRECTOR, is_active=True).order_by("pk").first()
    return {
        "issuer_parent": centre.parent.name if centre.parent_id else "",
        "issuer": centre.name,
        "number": number,
        "date_line": documents.vietnamese_date_line(centre.province.name if centre.province_id else "", day),
        "case": case,
        "centre": centre,
        "signer_authority": "GIÁM ĐỐC",
        "signer_name": director.full_name if director else "",
        **extra,
    }


def _number(seq, type_code, case):
    return documents.document_number(seq, type_code, case.centre.short_name or "TGPL")


@permission_required("cases.view_case", raise_exception=True)
def pdf(request, pk: int, kind: str):
    case = services.get_case_for_user(request.user, pk)
    if case.sensitive and not services.may_see_sensitive(request.user, case):
        raise Http404
    categories = list(case.categories.all())
    if kind == "phieu-hen":
        if not case.register_number:
            raise Http404
        link = services.survey_link_for(case)
        survey_url = (
            request.build_absolute_uri(reverse("cases:survey_public", args=[link.token])) if link else ""
        )
        context = _paper_context(
            case,
            f"Số thụ lý: {case.register_number}",
            case.accepted_on,
            categories=categories,
            survey_url=survey_url,
            appointment_due=case.next_deadline or case.accepted_on,
        )
        template = "cases/pdf/appointment_slip.html"
    elif kind == "tu-choi":
        if case.status not in (Case.Status.REFUSED, Case.Status.TERMINATED):
            raise Http404
        context = _paper_context(
            case, _number(case.closing_number, "TB", case), case.closed_on, categories=categories
        )
        template = "cases/pdf/refusal.html"
    elif kind == "quyet-dinh-tham-dinh" or kind == "bao-cao-tham-dinh":
        appraisal = Appraisal.objects.filter(case=case).select_related("appraiser", "outcome").first()
        if appraisal is None or (kind == "bao-cao-tham-dinh" and appraisal.appraised_on is None):
            raise Http404
        if kind == "quyet-dinh-tham-dinh":
            context = _paper_context(
                case, _number(appraisal.number, "QĐ", case), appraisal.assigned_on, appraisal=appraisal
            )
            template = "cases/pdf/appraisal_assignment.html"
        else:
            from .models import Criterion

            applicable = Criterion.applicable(
                Criterion.Kind.APPRAISAL, form_id=case.form_id, field_id=case.field_id
            )
            met = set(appraisal.criteria.values_list("pk", flat=True))
            context = _paper_context(
                case,
                _number(None, "BC", case),
                appraisal.appraised_on,
                appraisal=appraisal,
                criteria=[(c, c.pk in met) for c in applicable],
            )
            context["signer_authority"], context["signer_name"] = (
                "NGƯỜI THẨM ĐỊNH",
                appraisal.appraiser.full_name,
            )
            template = "cases/pdf/appraisal_report.html"
    else:
        raise Http404
    return documents.pdf_response(documents.render_pdf(template, context, request), f"{kind}-{case.pk}.pdf")


@permission_required("cases.view_case", raise_exception=True)
def appointment_pdf(request, pk: int, appointment_pk: int):
    case = services.get_case_for_user(request.user, pk)
    appointment = get_object_or_404(
        Appointment.objects.select_related("performer", "replaced"), pk=appointment_pk, case=case
    )
    context = _paper_context(
        case,
        _number(appointment.number, "QĐ", case),
        appointment.decided_on,
        appointment=appointment,
        categories=list(case.categories.all()),
    )
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/appointment.html", context, request),
        f"quyet-dinh-{appointment.number}.pdf",
    )


def _register_cases(request, year: int):
    centre = request.user.unit.centre() if request.user.unit_id else None
    if centre is None:
        centre = visible_units(request.user).filter(kind=Unit.Kind.CENTRE).first()
    if centre is None:
        raise Http404
    cases = (
        services.cases_for_user(request.user)
        .filter(centre=centre, register_year=year, register_seq__isnull=False)
        .select_related("beneficiary__commune", "form", "field", "performer")
        .prefetch_related("categories")
        .order_by("register_seq")
    )
    return centre, cases


@permission_required("cases.export_case", raise_exception=True)
def register_pdf(request, year: int):
    centre, cases = _register_cases(request, year)
    manager = _manager_paths(request.user)
    request.user._appraising = set(
        Appraisal.objects.filter(appraiser=request.user).values_list("case_id", flat=True)
    )
    rows = [(c, _shown_categories(request.user, c, manager)) for c in cases.select_related("unit")]
    director = centre.users.filter(groups__name=Role.DIRECTOR, is_active=True).order_by("pk").first()
    context = {
        "issuer_parent": centre.parent.name if centre.parent_id else "",
        "issuer": centre.name,
        "number": "",
        "date_line": documents.vietnamese_date_line(
            centre.province.name if centre.province_id else "", timezone.localdate()
        ),
        "rows": rows,
        "year": year,
        "signer_authority": "GIÁM ĐỐC",
        "signer_name": director.full_name if director else "",
    }
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/register.html", context, request), f"so-thu-ly-{year}.pdf"
    )


REGISTER_HEADERS = [
    "Số thụ lý",
    "Ngày thụ lý",
    "Người được TGPL",
    "Năm sinh",
    "Giới tính",
    "Địa chỉ",
    "Diện người được TGPL",
    "Hình thức",
    "Lĩnh vực",
    "Nội dung",
    "Người thực hiện",
    "Kết quả",
]


@permission_required("cases.export_case", raise_exception=True)
def register_xlsx(request, year: int):
    from openpyxl import Workbook

    centre, cases = _register_cases(request, year)
    manager = _manager_paths(request.user)
    request.user._appraising = set(
        Appraisal.objects.filter(appraiser=request.user).values_list("case_id", flat=True)
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Sổ thụ lý {year}")
    sheet.append([f"SỔ THỤ LÝ VỤ VIỆC TRỢ GIÚP PHÁP LÝ NĂM {year} - {centre.name.upper()}"])
    sheet.append(REGISTER_HEADERS)
    statuses = _status_labels()
    for case in cases.select_related("unit"):
        b = case.beneficiary
        shown = _shown_categories(request.user, case, manager)
        sheet.append(
            [
                case.register_number,
                case.accepted_on,
                b.full_name,
                b.date_of_birth.year if b.date_of_birth else "",
                b.get_sex_display(),
                ", ".join(filter(None, [b.address, b.commune.name if b.commune_id else ""])),
                shown,
                case.form.name,
                case.field.name,
                _("protected") if shown == _("protected") else case.description[:500],
                case.performer.full_name if case.performer_id else "",
                statuses[case.status],
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="so-thu-ly-{year}.xlsx"'
    return response


# --- Complaints, evaluation, payment ---------------------------------------------------------


@permission_required("cases.view_complaint", raise_exception=True)
def complaints(request):
    rows = Complaint.objects.filter(unit__in=visible_units(request.user)).select_related("case", "unit")[:300]
    form = forms.ComplaintForm(request.POST or None)
    may_add = request.user.has_perm("cases.add_complaint")
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            case = None
            if data["case_number"]:
                case = (
                    services.cases_for_user(request.user)
                    .filter(register_number=data["case_number"].strip())
                    .first()
                )
                if case is None:
                    form.add_error("case_number", _("No case of yours has this register number."))
            if not form.errors:
                try:
                    services.complaint_record(
                        by=request.user,
                        unit=request.user.unit,
                        received_on=data["received_on"],
                        caller=data["caller"],
                        channel=data["channel"],
                        topic=data["topic"],
                        content=data["content"],
                        phone=data["phone"],
                        case=case,
                    )
                except Refusal as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("The complaint was recorded."))
                    return redirect("cases:complaints")
    return render(
        request,
        "cases/complaints.html",
        {"rows": rows, "form": form if may_add else None, "resolve_form": forms.ResolveForm()},
    )


@require_POST
@permission_required("cases.add_complaint", raise_exception=True)
def complaint_resolve(request, pk: int):
    complaint = get_object_or_404(Complaint, pk=pk, unit__in=visible_units(request.user))
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        services.complaint_resolve(
            complaint=complaint,
            by=request.user,
            resolution=form.cleaned_data["resolution"],
            resolved_on=form.cleaned_data["resolved_on"],
        )
        messages.success(request, _("The complaint is marked as resolved."))
    else:
        messages.error(request, _("Say how the complaint was resolved."))
    return redirect("cases:complaints")


@permission_required("cases.view_evaluation", raise_exception=True)
def evaluations(request):
    centres = visible_units(request.user).filter(kind=Unit.Kind.CENTRE)
    rounds = EvaluationRound.objects.filter(centre__in=centres).select_related("centre")
    may_add = request.user.has_perm("cases.add_evaluation")
    form = forms.EvaluationRoundForm(request.POST or None, centres=centres)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.evaluation_round_create(
                    by=request.user,
                    centre=data["centre"],
                    name=data["name"],
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                    rate=data["rate"],
                )
            except Refusal as error:
                form.add_error(None, error.message)
            else:
                return redirect("cases:evaluation_round", pk=round_.pk)
    return render(request, "cases/evaluations.html", {"rounds": rounds, "form": form if may_add else None})


@permission_required("cases.view_evaluation", raise_exception=True)
def evaluation_round(request, pk: int):
    centres = visible_units(request.user).filter(kind=Unit.Kind.CENTRE)
    round_ = get_object_or_404(EvaluationRound, pk=pk, centre__in=centres)
    rows = round_.evaluations.select_related("case__beneficiary", "case__form", "case__performer", "outcome")
    if request.method == "POST":
        if not request.user.has_perm("cases.add_evaluation"):
            raise PermissionDenied
        evaluation = get_object_or_404(Evaluation, pk=request.POST.get("evaluation"), round=round_)
        form = forms.EvaluationForm(request.POST)
        if form.is_valid():
            try:
                services.evaluation_record(
                    evaluation=evaluation,
                    by=request.user,
                    outcome=form.cleaned_data["outcome"],
                    conclusion=form.cleaned_data["conclusion"],
                )
            except Refusal as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The conclusion was recorded."))
        else:
            messages.error(request, _("Choose the conclusion of the evaluation."))
        return redirect("cases:evaluation_round", pk=round_.pk)
    return render(
        request,
        "cases/evaluation_round.html",
        {"round": round_, "rows": rows, "form": forms.EvaluationForm()},
    )


def _payment_period(request):
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or None)
    start, end = date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return start, end


def _payable(request):
    from staffing.models import Person

    start, end = _payment_period(request)
    centre = request.user.unit.centre() if request.user.unit_id else None
    path = centre.path if centre else (request.user.unit.path if request.user.unit_id else "")
    if not path and not request.user.is_superuser:
        raise Http404
    performer = None
    if request.GET.get("performer", "").isdigit():
        performer = Person.objects.filter(pk=int(request.GET["performer"])).first()
    cases = services.payable_cases(centre_path=path, start=start, end=end, performer=performer)
    return start, end, cases.order_by("performer__name_sort_key", "appraisal__appraised_on")


@permission_required("cases.view_payment", raise_exception=True)
def payments(request):
    start, end, cases = _payable(request)
    return render(
        request,
        "cases/payments.html",
        {
            "cases": cases[:1000],
            "start": start,
            "end": end,
            "form": forms.PaymentForm(),
            "query": request.GET.urlencode(),
            "may_pay": request.user.has_perm("cases.add_payment"),
        },
    )


@permission_required("cases.view_payment", raise_exception=True)
def payments_xlsx(request):
    from openpyxl import Workbook

    start, end, cases = _payable(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Thanh toán")
    sheet.append([f"DANH SÁCH VỤ VIỆC ĐỦ ĐIỀU KIỆN THANH TOÁN TỪ {start:%d/%m/%Y} ĐẾN {end:%d/%m/%Y}"])
    sheet.append(
        [
            "STT",
            "Người thực hiện",
            "Loại",
            "Số thụ lý",
            "Người được TGPL",
            "Hình thức",
            "Lĩnh vực",
            "Ngày thẩm định",
            "Kết quả thẩm định",
            "Đã thanh toán (đồng)",
            "Ngày thanh toán",
        ]
    )
    for index_, case in enumerate(cases, start=1):
        payment = getattr(case, "payment", None)
        sheet.append(
            [
                index_,
                case.performer.full_name,
                case.performer.get_kind_display(),
                case.register_number,
                case.beneficiary.full_name,
                case.form.name,
                case.field.name,
                case.appraisal.appraised_on,
                case.appraisal.outcome.label if case.appraisal.outcome_id else "",
                int(payment.amount) if payment else "",
                payment.paid_on if payment else "",
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="thanh-toan.xlsx"'
    return response


@require_POST
@permission_required("cases.add_payment", raise_exception=True)
def payment_add(request, pk: int):
    case = services.get_case_for_user(request.user, pk)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(
                case=case,
                by=request.user,
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The payment was recorded."))
    else:
        messages.error(request, _("Enter the amount and the date of payment."))
    return redirect("cases:payments")
