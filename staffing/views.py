from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid import documents
from legalaid.models import Commune, Unit
from legalaid.refusal import Refusal
from legalaid.spreadsheets import xlsx_response
from staffing import access, services
from staffing.exports import LIST_FILENAME, TEMPLATE_FILENAME, people_sheet, template_sheet
from staffing.forms import PersonFilterForm, RosterFilterForm, StatusChangeForm
from staffing.models import Person, Training

PAGE_SIZE = 50


@permission_required("staffing.view_person", raise_exception=True)
def index(request):
    people = access.visible_people(request.user)
    today = timezone.localdate()
    counts = dict(
        people.active().values_list("kind").annotate(n=Count("pk")).order_by().values_list("kind", "n")
    )
    return render(
        request,
        "staffing/index.html",
        {
            "counts": [(label, counts.get(value, 0), value) for value, label in Person.Kind.choices],
            "warnings": services.expiry_warnings(people=people, today=today),
            "behind": services.people_behind_on_training(year=today.year, people=people),
            "quotas": services.assistant_quota_progress(
                year=today.year, scope=access.figures_scope(request.user)
            ),
            "year": today.year,
        },
    )


def _filtered_people(request):
    units = access.filter_units(request.user)
    communes = Commune.objects.filter(province_id=settings.DEFAULT_PROVINCE_CODE, active=True)
    form = PersonFilterForm(request.GET or None, units=units, communes=communes)
    people = access.visible_people(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            people = people.search(data["q"])
        if data["kind"]:
            people = people.filter(kind=data["kind"])
        if data["status"]:
            people = people.filter(status=data["status"])
        if data["commune"]:
            people = people.filter(commune=data["commune"])
        if data["field"]:
            people = people.filter(fields=data["field"])
        if data["unit"]:
            people = people.filter(unit__path__startswith=data["unit"].path)
    return form, people.select_related("unit", "commune", "ethnicity")


@permission_required("staffing.view_person", raise_exception=True)
def person_list(request):
    form, people = _filtered_people(request)
    page = Paginator(people.prefetch_related("fields"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "staffing/person_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@permission_required("staffing.view_person", raise_exception=True)
def person_export(request):
    _form, people = _filtered_people(request)
    sheet = people_sheet(people.prefetch_related("fields", "minority_languages"))
    return xlsx_response([sheet], filename=LIST_FILENAME)


@permission_required("staffing.view_person", raise_exception=True)
def import_template(request):
    return xlsx_response([template_sheet()], filename=TEMPLATE_FILENAME)


@permission_required("staffing.view_person", raise_exception=True)
def person_detail(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    history = list(
        person.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    )
    changes = []
    for record in history:
        previous = record.prev_record
        diff = record.diff_against(previous) if previous is not None else None
        changes.append((record, diff.changes if diff else []))
    attendances = person.attendances.select_related("training").order_by("-training__start_date")
    return render(
        request,
        "staffing/person_detail.html",
        {
            "person": person,
            "changes": changes,
            "attendances": attendances,
            "status_form": StatusChangeForm(initial={"on": timezone.localdate()}),
            "can_change": access.may_change_person(request.user),
        },
    )


@require_POST
@permission_required("staffing.change_person", raise_exception=True)
def person_change_status(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.person_change_status(
                person=person,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except Refusal as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Give the new status and its reason."))
    return redirect("staffing:person_detail", pk=person.pk)


@permission_required("staffing.view_training", raise_exception=True)
def trainings(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    training_list = Training.objects.filter(start_date__year=year).annotate(
        attendee_count=Count("attendances")
    )
    return render(
        request,
        "staffing/trainings.html",
        {
            "year": year,
            "trainings": training_list,
            "required": services.training_obligation(year),
            "behind": services.people_behind_on_training(
                year=year, people=access.visible_people(request.user)
            ),
        },
    )


# --- The public roster: no login, no private field ------------------------------------------------


def _roster(request):
    communes = Commune.objects.filter(province_id=settings.DEFAULT_PROVINCE_CODE, active=True)
    form = RosterFilterForm(request.GET or None, communes=communes)
    commune = field = kind = None
    if form.is_valid():
        commune, field, kind = (
            form.cleaned_data["commune"],
            form.cleaned_data["field"],
            form.cleaned_data["kind"],
        )
    rows = services.roster_rows(commune=commune, field=field, kind=kind or None)
    return form, rows, commune


@login_not_required
def roster(request):
    form, rows, commune = _roster(request)
    return render(request, "staffing/roster.html", {"form": form, "rows": rows, "commune": commune})


@login_not_required
def roster_pdf(request):
    _form, rows, commune = _roster(request)
    centre = (
        Unit.objects.filter(kind=Unit.Kind.CENTRE, province_id=settings.DEFAULT_PROVINCE_CODE, active=True)
        .select_related("parent", "province")
        .first()
    )
    place = centre.province.name if centre and centre.province_id else ""
    pdf = documents.render_pdf(
        "staffing/pdf/roster.html",
        {
            "issuer_parent": centre.parent.name if centre and centre.parent_id else "",
            "issuer": centre.name if centre else "",
            "number": documents.document_number(None, "DS", (centre.short_name if centre else "") or "TGPL"),
            "date_line": documents.vietnamese_date_line(place, timezone.localdate()),
            "rows": rows,
            "commune": commune,
            "province": place,
        },
        request,
    )
    suffix = f"-{commune.pk}" if commune else ""
    return documents.pdf_response(pdf, f"danh-sach-nguoi-thuc-hien-tgpl{suffix}.pdf")
