from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid import documents
from legalaid.jobs import jobs_visible_to
from legalaid.models import Commune, Unit, User
from legalaid.refusal import Refusal
from legalaid.spreadsheets import xlsx_response
from legalaid.validation import YEAR_MAX, YEAR_MIN, query_int
from staffing import access, services
from staffing.exports import LIST_FILENAME, TEMPLATE_FILENAME, people_sheet, template_sheet
from staffing.forms import (
    PersonFilterForm,
    PublicationFilterForm,
    PublishSelectedForm,
    RosterFilterForm,
    StatusChangeForm,
    UnpublishForm,
)
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
    publication = PublicationFilterForm(request.GET or None)
    if publication.is_valid() and publication.cleaned_data["waiting"]:
        people = people.waiting_publication(timezone.localdate())
    form.publication = publication
    return form, people.select_related("unit", "commune", "ethnicity")


@permission_required("staffing.view_person", raise_exception=True)
def person_list(request):
    form, people = _filtered_people(request)
    page = Paginator(people.prefetch_related("fields"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staffing/person_list.html",
        {
            "form": form,
            "publication_form": form.publication,
            "waiting": form.publication.is_valid() and form.publication.cleaned_data["waiting"],
            "can_publish": access.may_publish(request.user),
            "page": page,
            "query": query.urlencode(),
        },
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
            "can_publish": access.publishable_people(request.user).filter(pk=person.pk).exists(),
            "on_roster": access.public_people(on=timezone.localdate()).filter(pk=person.pk).exists(),
            "unpublish_form": UnpublishForm(),
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


# --- The public roster's publish step ------------------------------------------------------------


@require_POST
@permission_required("staffing.publish_person", raise_exception=True)
def person_publish(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    try:
        services.person_publish(person=person, by=request.user)
    except Refusal as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("%(name)s is now on the public roster.") % {"name": person.full_name})
    return redirect("staffing:person_detail", pk=person.pk)


@require_POST
@permission_required("staffing.publish_person", raise_exception=True)
def person_unpublish(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the withdrawal."))
        return redirect("staffing:person_detail", pk=person.pk)
    try:
        services.person_unpublish(person=person, by=request.user, reason=form.cleaned_data["reason"])
    except Refusal as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request, _("%(name)s was withdrawn from the public roster.") % {"name": person.full_name}
        )
    return redirect("staffing:person_detail", pk=person.pk)


@require_POST
@permission_required("staffing.publish_person", raise_exception=True)
def people_publish(request):
    """The list's "publish selected": every chosen person or none."""
    form = PublishSelectedForm(request.POST, people=access.publishable_people(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose the people to publish among those you may publish."))
    else:
        try:
            count = services.people_publish(people=form.cleaned_data["people"], by=request.user)
        except Refusal as refusal:
            messages.error(request, str(refusal.message))
        else:
            text = _("Published on the public roster: %(count)s people.") % {"count": count}
            messages.success(request, text)
    return redirect(f"{reverse('staffing:person_list')}?waiting=on")


@permission_required("staffing.publish_person", raise_exception=True)
def imports(request):
    """The latest imports of people the user may publish, each with its "publish all" button;
    ``?job=`` (from a background import's job page) goes to the import that job wrote."""
    job_pk = request.GET.get("job", "")
    if job_pk.isdigit():
        job = get_object_or_404(jobs_visible_to(request.user), pk=int(job_pk))
        batch = services.import_batch_of_job(job)
        if batch is None:
            raise Http404
        return redirect("staffing:import_detail", stamp=batch.stamp)
    return render(request, "staffing/imports.html", {"imports": services.recent_imports(request.user)})


def _import_for_user(request, stamp: int):
    batch = services.import_batch(services.moment_of_stamp(stamp))
    if batch is None:
        raise Http404
    people = access.visible_people(request.user).filter(pk__in=batch.person_ids)
    if not people.exists():
        raise Http404  # an import of other units' people: as if it did not exist
    return batch, people


@permission_required("staffing.publish_person", raise_exception=True)
def import_detail(request, stamp: int):
    batch, people = _import_for_user(request, stamp)
    today = timezone.localdate()
    on_roster = access.public_people(on=today).filter(pk__in=batch.person_ids)
    return render(
        request,
        "staffing/import_detail.html",
        {
            "batch": batch,
            "by": User.objects.filter(pk=batch.by_id).first() if batch.by_id else None,
            "people": people.select_related("unit", "commune"),
            "on_roster_ids": set(on_roster.values_list("pk", flat=True)),
            "waiting_count": people.waiting_publication(today).count(),
            "outside": len(batch.person_ids) - people.count(),
        },
    )


@require_POST
@permission_required("staffing.publish_person", raise_exception=True)
def import_publish(request, stamp: int):
    batch, _people = _import_for_user(request, stamp)
    try:
        outcome = services.import_publish(batch, by=request.user)
    except Refusal as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("Published on the public roster: %(published)s; left as they were: %(skipped)s.")
            % {"published": outcome.published, "skipped": outcome.skipped},
        )
    return redirect("staffing:import_detail", stamp=stamp)


@permission_required("staffing.view_training", raise_exception=True)
def trainings(request):
    today = timezone.localdate()
    year = query_int(request, "nam", default=today.year, min=YEAR_MIN, max=YEAR_MAX)
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
