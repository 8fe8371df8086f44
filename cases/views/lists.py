"""The case list (its filters, search and paging), its spreadsheet, and the deadlines page."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import permission_required
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, F, Prefetch, Q, QuerySet, Value
from django.db.models.lookups import Lookup
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from legalaid import calendar
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField, Unit
from legalaid.roles import visible_units
from legalaid.spreadsheets import Column, Sheet, xlsx_response
from legalaid.text import search_key
from legalaid.validation import (
    YEAR_MAX,
    YEAR_MIN,
    is_ascii_digits,
    query_date,
    query_id,
    query_int,
    query_text,
)

from .. import access, queue, services
from ..models import Beneficiary, Case, SensitiveView

PAGE_SIZE = 50
EXPORT_LIMIT = 50000

# The dates the case list can be cut by: (column, label).
DATE_FILTERS = {
    "received": ("request_date", gettext_lazy("request date")),
    "accepted": ("accepted_on", gettext_lazy("acceptance date")),
    "closed": ("closed_on", gettext_lazy("date refused, referred or stopped")),
    "completed": ("completed_on", gettext_lazy("completion date")),
}
FILTERS = (
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
    "todo",
)


def _filtered_cases(request):
    """The case list's queryset from the query string, the values to show in the filters, and
    the same cases written to be counted quickly."""
    user = request.user
    params = request.GET
    cases = access.visible_cases(user)
    today = timezone.localdate()
    chosen = {key: query_text(params, key) for key in FILTERS}
    if chosen["status"] in Case.Status.values:
        cases = cases.filter(status=chosen["status"])
    # Reference lists by id (the filter form) or by code (links from the dashboard's figures).
    for name, model in (("form", LegalAidForm), ("field", LegalField)):
        if chosen[name] and not is_ascii_digits(chosen[name]):
            found = model.objects.filter(code=chosen[name]).values_list("pk", flat=True).first()
            chosen[name] = str(found) if found else ""
        chosen[name] = str(query_id(chosen, name) or "")
        if chosen[name]:
            cases = cases.filter(**{f"{name}_id": int(chosen[name])})
    unit_id = query_id(chosen, "unit")
    if unit_id is not None:
        unit = visible_units(user).filter(pk=unit_id).first()
        if unit is not None:
            cases = cases.filter(unit__path__startswith=unit.path)
    chosen["unit"] = str(unit_id or "")
    performer_id = query_id(chosen, "performer")
    chosen["performer"] = str(performer_id or "")
    if performer_id is not None:
        cases = cases.filter(performer_id=performer_id)
    if chosen["overdue"]:
        cases = cases.filter(status__in=Case.OPEN_STATES, next_deadline__lt=today)
    year = query_int(chosen, "year", default=None, min=YEAR_MIN, max=YEAR_MAX)
    chosen["year"] = str(year or "")
    if year is not None:
        cases = cases.filter(request_date__year=year)
    # A date range on one of the case's dates (the dashboard links each figure this way).
    column = DATE_FILTERS.get(chosen["event"], DATE_FILTERS["received"])[0]
    chosen["event"] = chosen["event"] if chosen["event"] in DATE_FILTERS else "received"
    for bound, lookup in (("from", "gte"), ("to", "lte")):
        day = query_date(chosen, bound, default=None)
        chosen[bound] = day.isoformat() if day else ""
        if day is not None:
            cases = cases.filter(**{f"{column}__{lookup}": day})
    if chosen["successful"]:
        cases = cases.filter(successful=True)
    if chosen["mine"]:
        cases = cases.filter(_working_on(user))
    # A group of the home page's work queue: the very cases its count counted.
    if queue.todo_cases(user, chosen["todo"], today) is not None:
        cases = cases.filter(queue.BY_KEY[chosen["todo"]].rule(user, today))
    else:
        chosen["todo"] = ""
    counted = cases
    if chosen["category"]:
        category_id = query_id(chosen, "category")
        lookup = {"pk": category_id} if category_id is not None else {"code": chosen["category"][:20]}
        category = BeneficiaryCategory.objects.filter(**lookup).first()
        chosen["category"] = str(category.pk) if category else ""
        if category is not None:
            # Finding cases by a sensitive category would reveal it: only the cases whose
            # categories the user may see are found (and counted).
            shown = access.sensitive_shown(user) if category.sensitive else Q()
            cases = cases.filter(Q(categories=category) & shown)
            # Counted through the join, PostgreSQL hashed the category's cases and read the
            # register until it had found enough (100 ms for 200,000 cases); named as one
            # array, they are looked up by id.
            in_category = Case.categories.through.objects.filter(beneficiarycategory=category)
            in_category = in_category.values("case_id")
            counted = counted.filter(_AnyOf(F("pk"), ArraySubquery(in_category)) & shown)
    if chosen["q"]:
        cases = counted = _search(cases, chosen["q"])
    return cases, chosen, counted


def _working_on(user) -> Q:
    """The cases "of mine": received, performed or appraised by the user."""
    return Q(performer__user=user) | Q(appraisal__appraiser=user) | Q(received_by=user)


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
    if is_ascii_digits(key):
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


def status_labels() -> dict[str, str]:
    """State -> label, translated once for a whole list: ``get_status_display()`` hashed every
    choice's lazy label for every row (a third of the list page's time)."""
    return {value: str(label) for value, label in Case.Status.choices}


def with_categories(user, cases: list[Case]) -> list[tuple[Case, str]]:
    """Each case with its categories as the user may see them (one query for the appraisals)."""
    appraised = access.appraised_among(user, [case.pk for case in cases])
    return [(case, access.categories_text(user, case, appraised=appraised)) for case in cases]


@permission_required("cases.view_case", raise_exception=True)
def index(request):
    cases, chosen, counted = _filtered_cases(request)
    # A work-queue group is read as the home page shows it: the most urgent first.
    order = queue.ordering(chosen["todo"]) if chosen["todo"] else ("-request_date", "-pk")
    paginator = CappedPaginator(
        _with_list_relations(cases).only(*LIST_COLUMNS).order_by(*order),
        PAGE_SIZE,
        count_list=counted,
    )
    page = paginator.get_page(request.GET.get("page"))
    cases_on_page = list(page.object_list)
    labels = status_labels()
    for case in cases_on_page:
        case.status_label = labels[case.status]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/index.html",
        {
            "page": page,
            "rows": with_categories(request.user, cases_on_page),
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
            "todo_title": queue.BY_KEY[chosen["todo"]].title if chosen["todo"] else "",
        },
    )


EXPORT_TITLE = "DANH SÁCH VỤ VIỆC TRỢ GIÚP PHÁP LÝ"
EXPORT_COLUMNS = [
    Column("STT", "integer"),
    Column("Số thụ lý", "code"),
    Column("Ngày yêu cầu", "date"),
    Column("Người được TGPL"),
    Column("Giới tính"),
    Column("Năm sinh", "code"),
    Column("Dân tộc"),
    Column("Diện người được TGPL"),
    Column("Hình thức"),
    Column("Lĩnh vực"),
    Column("Đơn vị"),
    Column("Người thực hiện"),
    Column("Trạng thái"),
    Column("Hạn tiếp theo", "date"),
    Column("Mã trên phần mềm của Bộ", "code"),
]


def export_period(chosen: dict[str, str], today: date) -> str:
    """The period line under the export's title: the dates the list was cut by, else the day."""
    start, end = (date.fromisoformat(chosen[b]) if chosen[b] else None for b in ("from", "to"))
    basis = capfirst(str(DATE_FILTERS[chosen["event"]][1]))
    if start and end:
        return f"{basis} từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    if start:
        return f"{basis} từ {start:%d/%m/%Y}"
    if end:
        return f"{basis} đến {end:%d/%m/%Y}"
    if chosen["year"]:
        return f"Năm {chosen['year']}"
    return f"Tính đến ngày {today:%d/%m/%Y}"


@permission_required("cases.export_case", raise_exception=True)
def export(request):
    cases, chosen, _counted = _filtered_cases(request)
    cases = (
        _with_list_relations(cases).select_related("beneficiary__ethnicity").order_by("-request_date", "-pk")
    )
    today = timezone.localdate()
    statuses = status_labels()
    rows = []
    exported = list(cases[:EXPORT_LIMIT])
    for number, (case, categories) in enumerate(with_categories(request.user, exported), start=1):
        b = case.beneficiary
        rows.append(
            [
                number,
                case.register_number,
                case.request_date,
                b.full_name,
                b.get_sex_display(),
                str(b.date_of_birth.year) if b.date_of_birth else "",
                str(b.ethnicity or ""),
                categories,
                case.form.name,
                case.field.name,
                case.unit.name,
                case.performer.full_name if case.performer_id else "",
                statuses[case.status],
                case.next_deadline,
                case.national_id,
            ]
        )
    view_name = request.resolver_match.view_name
    services.log_views(request.user, exported, kind=SensitiveView.Kind.EXPORT, url_name=view_name)
    sheet = Sheet(
        title="Vụ việc",
        heading=[EXPORT_TITLE, export_period(chosen, today)],
        columns=EXPORT_COLUMNS,
        rows=rows,
    )
    return xlsx_response([sheet], filename=f"Danh sách vụ việc {today:%d-%m-%Y}.xlsx")


@permission_required("cases.view_case", raise_exception=True)
def deadlines(request):
    """Overdue and due this week: the user's own cases, and the whole unit's, the most overdue
    first, 50 a page (a unit behind on its work may have thousands). A director, who works on
    few cases of their own, opens the unit's; ``?overdue=1`` keeps only the overdue (the home
    page's count of them links here)."""
    today = timezone.localdate()
    week_end = calendar.week_end(today)
    overdue = bool(request.GET.get("overdue"))
    last_day = today - timedelta(days=1) if overdue else week_end
    base = access.visible_cases(request.user).filter(status__in=Case.OPEN_STATES, next_deadline__lte=last_day)
    default = "unit" if access.managed_paths(request.user) else "mine"
    scope = {"unit": "unit", "mine": "mine"}.get(request.GET.get("scope", ""), default)
    cases = base.filter(_working_on(request.user)) if scope == "mine" else base
    paginator = CappedPaginator(
        cases.select_related("beneficiary", "form", "field", "unit", "performer")
        .only(*LIST_COLUMNS)
        .order_by("next_deadline", "pk"),
        PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cases/deadlines.html",
        {"page": page, "scope": scope, "today": today, "week_end": week_end, "overdue": overdue},
    )
