from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from legalaid import dashboard as dashboard_figures
from legalaid import documents, indicators, services
from legalaid.forms import PeriodicReportCreateForm, PeriodicReportForm, PeriodicReportIssueForm
from legalaid.jobs import job_start, jobs_visible_to
from legalaid.models import Commune, Job, PeriodicReport, StatisticsTable, Unit
from legalaid.notices import notices_for
from legalaid.queue import queue_for
from legalaid.refusal import CONFLICT, Refusal
from legalaid.roles import (
    Role,
    get_unit_for_user,
    has_role,
    home_centre,
    roles_of,
    visible_units,
)
from legalaid.services import users_of_subtree
from legalaid.tasks import export_users_task, statistics_report_task
from legalaid.validation import query_id


def home(request):
    centre = home_centre(request.user)
    sub_units = []
    if centre is not None:
        sub_units = (
            centre.children.filter(active=True)
            .annotate(user_count=Count("users", filter=Q(users__is_active=True)))
            .prefetch_related(Prefetch("communes", to_attr="served"))
            .order_by("position", "name")
        )
    role_labels = dict(Role.choices)
    return render(
        request,
        "legalaid/home.html",
        {
            "centre": centre,
            "sub_units": sub_units,
            "roles": [role_labels.get(r, r) for r in sorted(roles_of(request.user))],
            "notices": notices_for(request.user),
            "queue": queue_for(request.user, timezone.localdate()),
        },
    )


@permission_required("legalaid.view_unit", raise_exception=True)
def units(request):
    unit_list = (
        visible_units(request.user)
        .filter(kind__in=Unit.INTERNAL_KINDS)
        .annotate(user_count=Count("users", filter=Q(users__is_active=True)))
        .order_by("path")
    )
    return render(request, "legalaid/units.html", {"units": unit_list})


@permission_required("legalaid.view_unit", raise_exception=True)
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    users = users_of_subtree(unit) if request.user.has_perm("legalaid.view_user") else None
    return render(
        request,
        "legalaid/unit_detail.html",
        {
            "unit": unit,
            "users": users,
            "children": unit.children.filter(active=True).order_by("position", "name"),
            "communes": unit.communes.order_by("name_search_key"),
        },
    )


@permission_required("legalaid.view_user", raise_exception=True)
def unit_users_pdf(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    centre = unit.centre() or unit
    role_labels = dict(Role.choices)
    users = [
        (user, ", ".join(str(role_labels.get(g.name, g.name)) for g in user.groups.all()))
        for user in users_of_subtree(unit)
    ]
    issuer_parent = centre.parent.name if centre.parent else ""
    place = centre.province.name if centre.province else ""
    pdf = documents.render_pdf(
        "legalaid/pdf/users.html",
        {
            "issuer_parent": issuer_parent,
            "issuer": centre.name,
            "number": documents.document_number(None, "DS", centre.short_name or "TGPL"),
            "date_line": documents.vietnamese_date_line(place, timezone.localdate()),
            "unit": unit,
            "users": users,
        },
        request,
    )
    return documents.pdf_response(pdf, f"danh-sach-nguoi-dung-{unit.pk}.pdf")


@require_POST
@permission_required("legalaid.view_user", raise_exception=True)
def unit_users_export(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    job = job_start(
        task=export_users_task,
        kind="legalaid.users_xlsx",
        label=_("Users of %(unit)s (Excel)") % {"unit": unit.name},
        by=request.user,
        unit=unit,
        unit_id=unit.pk,
    )
    return redirect("job_detail", pk=job.pk)


def _dashboard_selection(request, *, params=None, figures: bool = True) -> dict:
    """The period, scope and commune chosen on the dashboard; a scope outside the user's subtree 404s."""
    params = request.GET if params is None else params
    choice = dashboard_figures.choose_period(params)
    scopes = list(
        visible_units(request.user)
        .filter(kind__in=[Unit.Kind.MINISTRY, Unit.Kind.DOJ, Unit.Kind.CENTRE, Unit.Kind.BRANCH])
        .select_related("parent", "province")
        .order_by("path")
    )
    scope = home_centre(request.user)
    if params.get("unit"):
        scope = next((u for u in scopes if str(u.pk) == params["unit"]), None)
        if scope is None:
            raise Http404
    communes = Commune.objects.filter(active=True)
    if scope is not None and scope.province_id:
        communes = communes.filter(province_id=scope.province_id)
    commune_id = query_id(params, "commune")
    commune = communes.filter(pk=commune_id).first() if commune_id is not None else None
    selection = {
        "choice": choice,
        "scopes": scopes,
        "scope": scope,
        "communes": communes.order_by("name_search_key"),
        "commune": commune,
    }
    if figures:
        with indicators.batch():  # every figure of the page from one reading of each source
            selection["sections"] = dashboard_figures.build_sections(
                choice.period, scope, commune.pk if commune else None
            )
            selection["charts"] = [] if commune else dashboard_figures.build_charts(choice.period, scope)
    return selection


@require_safe
@permission_required("legalaid.view_dashboard", raise_exception=True)
def dashboard(request):
    """Read-only: figures from the indicator registry for a period and a scope."""
    context = _dashboard_selection(request)
    context["years"] = range(timezone.localdate().year + 1, 2017, -1)
    context["period_kinds"] = dashboard_figures.PERIOD_KINDS
    context["pdf_query"] = request.GET.urlencode()
    return render(request, "legalaid/dashboard.html", context)


@require_safe
@permission_required("legalaid.view_dashboard", raise_exception=True)
def dashboard_pdf(request):
    """The same figures and charts as an official report."""
    context = _dashboard_selection(request)
    scope = context["scope"]
    issuer = scope or home_centre(request.user)
    place = issuer.province.name if issuer is not None and issuer.province_id else ""
    context.update(
        issuer=issuer.name if issuer else "",
        issuer_parent=issuer.parent.name if issuer is not None and issuer.parent_id else "",
        number=documents.document_number(None, "BC", (issuer.short_name if issuer else "") or "TGPL"),
        date_line=documents.vietnamese_date_line(place, timezone.localdate()),
        generated=timezone.localdate(),
        signer_title=documents.signer_title(issuer),
    )
    pdf = documents.render_pdf("legalaid/pdf/dashboard.html", context, request)
    return documents.pdf_response(
        pdf, f"so-lieu-{context['choice'].period.start:%Y%m%d}-{context['choice'].period.end:%Y%m%d}.pdf"
    )


@require_safe
@permission_required("legalaid.view_dashboard", raise_exception=True)
def dashboard_xlsx(request):
    """The dashboard's figures for the chosen period and scope as a spreadsheet: one row per
    tile, numbers as numbers, so officials can compute with them."""
    from legalaid.spreadsheets import Column, Sheet, xlsx_response

    context = _dashboard_selection(request, figures=False)  # the same selection as the screen
    choice, scope, commune = context["choice"], context["scope"], context["commune"]
    sections = dashboard_figures.build_sections(choice.period, scope, commune.pk if commune else None)
    scope_name = scope.name if scope is not None else _("All units")
    if commune is not None:
        scope_name = f"{scope_name}, {commune.name}"
    period = choice.period

    def figure(value):
        if value is None:
            return None
        value = float(value)
        return int(value) if value == int(value) else value

    rows = [
        [
            str(section["title"]),
            tile.label,
            figure(tile.value),
            tile.unit_label,
            figure(tile.target),
            figure(tile.previous),
            round(tile.change, 1) if tile.change is not None else None,
        ]
        for section in sections
        for tile in section["tiles"]
    ]
    sheet = Sheet(
        title=_("Dashboard figures"),
        heading=[
            _("Legal-aid figures from the dashboard"),
            _("Scope: %(scope)s") % {"scope": scope_name},
            _("Period: %(period)s, from %(start)s to %(end)s")
            % {"period": choice.label, "start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
            _("Produced on %(moment)s") % {"moment": f"{timezone.localtime():%d/%m/%Y %H:%M}"},
        ],
        columns=[
            Column(_("Section of the dashboard"), width=16),
            Column(_("Name of the figure"), width=48),
            Column(_("Figure for the period"), "number", width=12),
            Column(_("Unit of measure"), width=12),
            Column(_("Target"), "number", width=12),
            Column(_("Same period last year"), "number", width=18),
            Column(_("Change against last year (%)"), "percent", width=16),
        ],
        rows=rows,
        totals=False,  # figures of different units do not add up
    )
    return xlsx_response(
        [sheet],
        filename=_("Dashboard figures %(start)s-%(end)s.xlsx")
        % {"start": f"{period.start:%Y%m%d}", "end": f"{period.end:%Y%m%d}"},
    )


@require_safe
@permission_required("legalaid.view_dashboard", raise_exception=True)
def statistics(request):
    """The Ministry's statistics forms, filled for a period and a scope (as background jobs)."""
    context = _dashboard_selection(request, figures=False)
    context.update(
        communes=None,
        years=range(timezone.localdate().year + 1, 2017, -1),
        period_kinds=dashboard_figures.PERIOD_KINDS,
        tables=StatisticsTable.objects.order_by("code"),
        registered={i.key for i in indicators.all_indicators()},
    )
    return render(request, "legalaid/statistics.html", context)


@require_POST
@permission_required("legalaid.view_dashboard", raise_exception=True)
def statistics_report(request, pk: int):
    table = get_object_or_404(StatisticsTable, pk=pk)
    # the same selectors as the page, posted back
    context = _dashboard_selection(request, params=request.POST, figures=False)
    output = "xlsx" if request.POST.get("output") == "xlsx" else "pdf"
    choice, scope = context["choice"], context["scope"]
    job = job_start(
        task=statistics_report_task,
        kind="legalaid.statistics",
        label=_("Form %(code)s, %(period)s (%(format)s)")
        % {"code": table.code, "period": choice.label, "format": output.upper()},
        by=request.user,
        unit=scope,
        table_id=table.pk,
        start=choice.period.start.isoformat(),
        end=choice.period.end.isoformat(),
        period_label=str(choice.label),
        unit_id=scope.pk if scope else None,
        output=output,
    )
    return redirect("job_detail", pk=job.pk)


REPORT_SCOPE_KINDS = [Unit.Kind.DOJ, Unit.Kind.CENTRE, Unit.Kind.BRANCH]


def report_units(user):
    """Units whose periodic reports the user works on: their subtree, and for a department of
    the centre (Phòng Hành chính – Tổng hợp drafts the reports) the centre itself."""
    units = visible_units(user).filter(kind__in=REPORT_SCOPE_KINDS)
    if (
        user.is_authenticated
        and user.unit_id
        and user.unit.kind == Unit.Kind.DEPARTMENT
        and user.unit.parent_id
    ):
        units = units | Unit.objects.filter(pk=user.unit.parent_id, kind__in=REPORT_SCOPE_KINDS)
    return units.distinct().order_by("path")


def get_report_for_user(user, pk: int) -> PeriodicReport:
    reports = PeriodicReport.objects.select_related("unit", "unit__parent", "unit__province")
    return get_object_or_404(reports.filter(unit__in=report_units(user)), pk=pk)


@permission_required("legalaid.view_periodicreport", raise_exception=True)
def reports(request):
    units = report_units(request.user)
    form = None
    if request.user.has_perm("legalaid.add_periodicreport"):
        form = PeriodicReportCreateForm(
            request.POST or None,
            units=units,
            initial={
                "unit": home_centre(request.user),
                "kind": PeriodicReport.Kind.HALF_YEAR,
                "year": timezone.localdate().year,
            },
        )
        if request.method == "POST" and form.is_valid():
            report = form.save(commit=False)
            report.updated_by = request.user
            report.save()
            return redirect("dashboard:report", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    report_list = PeriodicReport.objects.filter(unit__in=units).select_related("unit")
    return render(request, "legalaid/reports.html", {"reports": report_list, "form": form})


@permission_required("legalaid.view_periodicreport", raise_exception=True)
def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    editable = report.status == PeriodicReport.Status.DRAFT and request.user.has_perm(
        "legalaid.change_periodicreport"
    )
    form = PeriodicReportForm(instance=report, initial={"version": report.version})
    issue_form = PeriodicReportIssueForm(initial={"report_date": timezone.localdate()})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = PeriodicReportForm(request.POST, instance=report)
        if form.is_valid():
            narratives = {name: form.cleaned_data[name] for name in PeriodicReport.NARRATIVE_FIELDS}
            try:
                services.periodic_report_update(
                    report_id=report.pk, version=form.cleaned_data["version"], by=request.user, **narratives
                )
            except Refusal as refusal:
                if refusal.code != CONFLICT:
                    messages.error(request, refusal.message)
                    return redirect("dashboard:report", pk=report.pk)
                latest = PeriodicReport.objects.get(pk=report.pk)
                messages.error(request, refusal.message)
                data = request.POST.copy()
                data["version"] = latest.version  # saving again means "I have seen theirs"
                form = PeriodicReportForm(data, instance=latest)
                fields = [(form[name], getattr(latest, name)) for name in PeriodicReport.NARRATIVE_FIELDS]
                context = {
                    "report": latest,
                    "form": form,
                    "fields": fields,
                    "editable": True,
                    "conflict": True,
                }
                return render(
                    request, "legalaid/report_detail.html", {**context, "issue_form": issue_form}, status=409
                )
            messages.success(request, _("The report has been saved."))
            return redirect("dashboard:report", pk=report.pk)
    period = services.periodic_report_period(kind=report.kind, year=report.year)
    fields = [(form[name], None) for name in PeriodicReport.NARRATIVE_FIELDS]
    context = {"report": report, "form": form, "fields": fields, "editable": editable, "period": period}
    return render(request, "legalaid/report_detail.html", {**context, "issue_form": issue_form})


@require_POST
@permission_required("legalaid.change_periodicreport", raise_exception=True)
def report_issue(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if not has_role(request.user, Role.DIRECTOR) and not request.user.is_superuser:
        raise PermissionDenied
    form = PeriodicReportIssueForm(request.POST)
    if form.is_valid() and report.status == PeriodicReport.Status.DRAFT:
        services.periodic_report_issue(
            report_id=report.pk,
            by=request.user,
            number=form.cleaned_data["number"],
            report_date=form.cleaned_data["report_date"],
        )
        messages.success(request, _("The report has been issued; it can no longer be changed."))
    else:
        messages.error(request, _("The report could not be issued: check the number and the date."))
    return redirect("dashboard:report", pk=report.pk)


@require_safe
@permission_required("legalaid.view_periodicreport", raise_exception=True)
def report_pdf(request, pk: int):
    report = get_report_for_user(request.user, pk)
    period = services.periodic_report_period(kind=report.kind, year=report.year)
    unit = report.unit
    heading = (
        f"Kết quả công tác trợ giúp pháp lý 6 tháng đầu năm {report.year}"
        if report.kind == PeriodicReport.Kind.HALF_YEAR
        else f"Kết quả công tác trợ giúp pháp lý năm {report.year}"
    )
    pdf = documents.render_pdf(
        "legalaid/pdf/periodic_report.html",
        {
            "report": report,
            "heading": heading,
            "period": period,
            "issuer": unit.name,
            "issuer_parent": unit.parent.name if unit.parent else "",
            "number": documents.document_number(report.number, "BC", unit.short_name or "TGPL"),
            "date_line": documents.vietnamese_date_line(
                unit.province.name if unit.province else "", report.report_date
            ),
            "sections": dashboard_figures.build_sections(period, unit),
            "charts": dashboard_figures.build_charts(period, unit),
            "signer_title": documents.signer_title(unit),
        },
        request,
    )
    return documents.pdf_response(pdf, f"bao-cao-{report.kind}-{report.year}-{unit.pk}.pdf")


def _get_job(request, pk: int) -> Job:
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


def job_detail(request, pk: int):
    return render(request, "legalaid/job_detail.html", {"job": _get_job(request, pk)})


def job_status(request, pk: int):
    job = _get_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "download": bool(job.result_file) and job.status == Job.Status.DONE,
        }
    )


def job_download(request, pk: int):
    job = _get_job(request, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )


def calendar_days(request):
    """The date widget's calendar marks for one year (``?year=``): days off with their names and
    make-up working weekends, as ISO dates."""
    from legalaid.calendar import year_calendar
    from legalaid.validation import YEAR_MAX, query_int

    year = query_int(request, "year", default=timezone.localdate().year, min=1900, max=YEAR_MAX)
    days_off, working_weekends = year_calendar(year)
    return JsonResponse(
        {
            "year": year,
            "days_off": {day.isoformat(): name for day, name in days_off.items()},
            "working_weekends": [day.isoformat() for day in working_weekends],
        }
    )
