from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from legalaid import dashboard as dashboard_figures
from legalaid import documents, indicators
from legalaid.jobs import job_start, jobs_visible_to
from legalaid.models import Commune, Job, StatisticsTable, Unit
from legalaid.roles import Role, get_unit_for_user, home_centre, roles_of, visible_units
from legalaid.services import users_of_subtree
from legalaid.tasks import export_users_task, statistics_report_task


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
    issuer_parent = centre.parent.name if centre.parent_id else ""
    place = centre.province.name if centre.province_id else ""
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


def _dashboard_selection(request, *, figures: bool = True) -> dict:
    """The period, scope and commune chosen on the dashboard; a scope outside the user's subtree 404s."""
    choice = dashboard_figures.choose_period(request.GET)
    scopes = list(
        visible_units(request.user)
        .filter(kind__in=[Unit.Kind.MINISTRY, Unit.Kind.DOJ, Unit.Kind.CENTRE, Unit.Kind.BRANCH])
        .select_related("parent", "province")
        .order_by("path")
    )
    scope = home_centre(request.user)
    if request.GET.get("unit"):
        scope = next((u for u in scopes if str(u.pk) == request.GET["unit"]), None)
        if scope is None:
            raise Http404
    communes = Commune.objects.filter(active=True)
    if scope is not None and scope.province_id:
        communes = communes.filter(province_id=scope.province_id)
    commune = (
        communes.filter(pk=request.GET["commune"]).first()
        if request.GET.get("commune", "").isdigit()
        else None
    )
    selection = {
        "choice": choice,
        "scopes": scopes,
        "scope": scope,
        "communes": communes.order_by("name_search_key"),
        "commune": commune,
    }
    if figures:
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
    signer = {Unit.Kind.DOJ: "GIÁM ĐỐC SỞ", Unit.Kind.BRANCH: "TRƯỞNG CHI NHÁNH"}
    context.update(
        issuer=issuer.name if issuer else "",
        issuer_parent=issuer.parent.name if issuer is not None and issuer.parent_id else "",
        number=documents.document_number(None, "BC", (issuer.short_name if issuer else "") or "TGPL"),
        date_line=documents.vietnamese_date_line(place, timezone.localdate()),
        generated=timezone.localdate(),
        signer_title=signer.get(issuer.kind, "GIÁM ĐỐC") if issuer else "GIÁM ĐỐC",
    )
    pdf = documents.render_pdf("legalaid/pdf/dashboard.html", context, request)
    return documents.pdf_response(
        pdf, f"so-lieu-{context['choice'].period.start:%Y%m%d}-{context['choice'].period.end:%Y%m%d}.pdf"
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
    request.GET = request.POST  # the same selectors as the page, posted back
    context = _dashboard_selection(request, figures=False)
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
