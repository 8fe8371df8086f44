from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid import documents
from legalaid.models import Unit
from legalaid.refusal import Refusal, add_to_form
from planning import access, bindings, services
from planning.forms import ActivityListForm, BindForm, ImportForm, NoteForm, StatusForm, TargetForm
from planning.importer import NodeKind, parse_plan
from planning.models import ActivityStatus, ActivityUnit, Plan


@permission_required("planning.view_plan", raise_exception=True)
def index(request):
    plans = access.plans_for_user(request.user).annotate(activity_count=Count("activities"))
    return render(request, "planning/index.html", {"plans": plans})


@permission_required("planning.add_plan", raise_exception=True)
def plan_import(request):
    units = access.owner_units(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and request.POST.get("action") == "save":
        return _import_save(request, units)
    if request.method == "POST" and form.is_valid():
        parsed = parse_plan(form.cleaned_data["plan_text"])
        unit = form.cleaned_data["unit"]
        for node in parsed.activities():
            for spec in node.targets:
                proposal = bindings.propose_for(spec, node)
                spec.proposal = bindings.binding_label(*proposal) if proposal else ""
        matches = services.unit_match(parsed.unit_names(), services.candidate_units(unit))
        candidates = services.candidate_units(unit).order_by("path")
        return render(
            request,
            "planning/import_preview.html",
            {
                "parsed": parsed,
                "nodes": list(parsed.nodes()),
                "activity_kind": NodeKind.ACTIVITY,
                "plan_text": form.cleaned_data["plan_text"],
                "unit": unit,
                "names": [(i, name, matches.get(name)) for i, name in enumerate(parsed.unit_names())],
                "candidates": candidates,
            },
        )
    return render(request, "planning/import.html", {"form": form})


def _import_save(request, units):
    unit = units.filter(pk=request.POST.get("unit") or 0).first()
    text = request.POST.get("plan_text", "")
    if unit is None or not text.strip():
        messages.error(request, _("The import form was incomplete; start again."))
        return redirect("planning:import")
    parsed = parse_plan(text)
    names = parsed.unit_names()
    choices: dict[str, int | None] = {}
    create: set[str] = set()
    for i, name in enumerate(names):
        value = request.POST.get(f"unit-{i}", "")
        if value == "new":
            create.add(name)
            choices[name] = None
        elif value.isdigit():
            choices[name] = int(value)
        else:
            choices[name] = None
    title = request.POST.get("title", "").strip() or None
    try:
        plan = services.plan_import(
            parsed=parsed,
            unit=unit,
            by=request.user,
            unit_choices=choices,
            create_units=create,
            title=title,
            bind_proposed=request.POST.get("bind_proposed") == "1",
        )
    except Refusal as refusal:
        messages.error(request, str(refusal))
        return redirect("planning:import")
    messages.success(
        request, _("The plan was imported: %(count)d activities.") % {"count": plan.activities.count()}
    )
    return redirect("planning:plan", pk=plan.pk)


def _filtered_progress(request, plan):
    day = services.plan_status_day(plan)
    activities = plan.activities.all()
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        activities = activities.filter(
            unit_links__unit_id=int(unit_id), unit_links__role=ActivityUnit.Role.LEAD
        ).distinct()
    rows = services.plan_progress(plan, today=day, activities=activities)
    status = request.GET.get("status", "")
    if status in ActivityStatus.values:
        rows = [row for row in rows if row.status == status]
    return rows, day


def _document(plan: Plan, rows):
    """Sections and activities interleaved in document order, for the page and the PDFs."""
    by_activity = {row.activity.pk: row for row in rows}
    items = [("section", section) for section in plan.sections.all()]
    items += [("activity", by_activity[row.activity.pk]) for row in rows]
    items.sort(key=lambda item: item[1].position if item[0] == "section" else item[1].activity.position)
    # Drop headings left without any activity once the list is filtered.
    return items


@permission_required("planning.view_plan", raise_exception=True)
def plan_detail(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    rows, status_day = _filtered_progress(request, plan)
    today = timezone.localdate()
    lead_units = (
        Unit.objects.filter(plan_links__activity__plan=plan, plan_links__role=ActivityUnit.Role.LEAD)
        .distinct()
        .order_by("path")
    )
    all_rows = rows if not request.GET else services.plan_progress(plan, today=status_day)
    counts = {value: 0 for value in ActivityStatus.values}
    for row in all_rows:
        counts[row.status] += 1
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "items": _document(plan, rows),
            "lead_units": lead_units,
            "statuses": ActivityStatus.choices,
            "counts": [(ActivityStatus(v).label, v, n) for v, n in counts.items()],
            "due": services.due_in_quarter(all_rows, today),
            "today": today,
            "status_day": status_day,
            "selected_unit": request.GET.get("unit", ""),
            "selected_status": request.GET.get("status", ""),
            "may_write": access.plans_to_write(request.user).filter(pk=plan.pk).exists(),
            "transitions": services.plan_transitions(plan),
            "versions": plan.revisions.order_by("version"),
        },
    )


@permission_required("planning.view_plan", raise_exception=True)
def activity_detail(request, pk: int):
    activity = access.get_activity_for_user(request.user, pk)
    plan = activity.plan
    row = services.plan_progress(plan, activities=plan.activities.filter(pk=activity.pk))[0]
    return render(request, "planning/activity_detail.html", _activity_context(request, activity, row))


ACTIVITIES_PER_PAGE = 50


@permission_required("planning.view_plan", raise_exception=True)
def activity_list(request):
    """The activities behind the plan figures of the dashboard, filtered the same way (period,
    scope, lead unit, statuses, plan), among the plans the user may see."""
    visible = access.plans_for_user(request.user).filter(status__in=services.PLANS_IN_FORCE)
    sight = access.units_in_sight(request.user).filter(kind__in=Unit.INTERNAL_KINDS)
    led = ActivityUnit.objects.filter(role=ActivityUnit.Role.LEAD, activity__plan__in=visible.values("pk"))
    leads = Unit.objects.filter(Q(pk__in=led.values("unit_id")) | Q(pk__in=sight.values("pk"))).order_by(
        "path"
    )
    form = ActivityListForm(
        request.GET,
        scopes=sight.order_by("path"),
        leads=leads,
        plans=visible.order_by("-period_start", "title"),
    )
    context = {"form": form, "statuses": ActivityStatus.choices, "page": None, "counts": []}
    if not form.is_valid():
        return render(request, "planning/activity_list.html", context, status=400)
    data = form.cleaned_data
    period, scope = data["period"], data["scope"]
    chosen = services.ActivityFilters.read(status=data["status"], unit=data["unit"], plan=data["plan"])
    activities = services.activities_in_force(period=period, scope=scope).filter(
        plan_id__in=visible.values("pk")
    )
    cutoff = services.status_cutoff(period)
    rows = chosen.apply(services.activities_progress(activities, today=cutoff), statuses=False)
    counts = {value: 0 for value in ActivityStatus.values}
    for row in rows:
        counts[row.status] += 1
    rows = chosen.apply(rows)
    page = Paginator(rows, ACTIVITIES_PER_PAGE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    without_status = query.copy()
    without_status.pop("status", None)
    context.update(
        page=page,
        total=len(rows),
        period=period,
        scope=scope,
        cutoff=cutoff,
        selected_statuses=chosen.statuses,
        counts=[(label, value, counts[value]) for value, label in ActivityStatus.choices],
        query=query.urlencode(),
        query_without_status=without_status.urlencode(),
    )
    return render(request, "planning/activity_list.html", context)


def _activity_context(request, activity, row, **forms):
    units = services.candidate_units(activity.plan.unit).filter(kind__in=Unit.INTERNAL_KINDS).order_by("path")
    return {
        "activity": activity,
        "plan": activity.plan,
        "row": row,
        "status_form": forms.get("status_form")
        or StatusForm(initial={"status": activity.status_override, "version": activity.version}),
        "note_form": forms.get("note_form") or NoteForm(),
        "target_form": forms.get("target_form") or TargetForm(units=units),
        "bind_forms": [
            (
                tp,
                BindForm(
                    prefix=f"t{tp.target.pk}",
                    initial={"binding": bindings.encode(tp.target.indicator_key, tp.target.filters)},
                ),
            )
            for tp in row.targets
        ],
        "changes": activity.status_changes.select_related("by"),
        "notes": activity.notes.select_related("by"),
        "may_write": access.plans_to_write(request.user).filter(pk=activity.plan_id).exists(),
    }


def _rerender(request, activity, **forms):
    row = services.plan_progress(activity.plan, activities=activity.plan.activities.filter(pk=activity.pk))[0]
    return render(
        request,
        "planning/activity_detail.html",
        _activity_context(request, activity, row, **forms),
        status=400,
    )


@require_POST
@permission_required("planning.change_activity", raise_exception=True)
def activity_status(request, pk: int):
    activity = access.get_activity_for_user(request.user, pk, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _rerender(request, activity, status_form=form)
    try:
        services.activity_set_status(
            activity=activity,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            version=form.cleaned_data["version"],
        )
    except Refusal as refusal:
        add_to_form(form, refusal)
        return _rerender(request, activity, status_form=form)
    messages.success(request, _("The status was saved."))
    return redirect("planning:activity", pk=activity.pk)


@require_POST
@permission_required("planning.add_progressnote", raise_exception=True)
def activity_note(request, pk: int):
    activity = access.get_activity_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _rerender(request, activity, note_form=form)
    try:
        services.progress_note_add(activity=activity, by=request.user, **form.cleaned_data)
    except Refusal as refusal:
        add_to_form(form, refusal)
        return _rerender(request, activity, note_form=form)
    messages.success(request, _("The progress note was saved."))
    return redirect("planning:activity", pk=activity.pk)


@require_POST
@permission_required("planning.add_target", raise_exception=True)
def target_add(request, pk: int):
    activity = access.get_activity_for_user(request.user, pk, write=True)
    units = services.candidate_units(activity.plan.unit).filter(kind__in=Unit.INTERNAL_KINDS)
    form = TargetForm(request.POST, units=units)
    if not form.is_valid():
        return _rerender(request, activity, target_form=form)
    try:
        services.target_add(activity=activity, **form.service_kwargs())
    except Refusal as refusal:
        add_to_form(form, refusal)
        return _rerender(request, activity, target_form=form)
    messages.success(request, _("The target was added."))
    return redirect("planning:activity", pk=activity.pk)


@require_POST
@permission_required("planning.change_target", raise_exception=True)
def target_bind(request, pk: int, target_pk: int):
    activity = access.get_activity_for_user(request.user, pk, write=True)
    target = activity.targets.filter(pk=target_pk).first()
    if target is None:
        raise Http404
    form = BindForm(request.POST, prefix=f"t{target.pk}")
    if form.add_prefix("binding") not in request.POST:
        # Choosing "not bound" sends an empty value; a post without the list says nothing.
        messages.error(request, _("Choose the indicator and what it counts from the list."))
    elif form.is_valid():
        try:
            services.target_bind(
                target=target,
                indicator_key=form.cleaned_data["indicator_key"],
                filters=form.cleaned_data["filters"],
                by=request.user,
            )
        except Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The target's indicator was saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("planning:activity", pk=activity.pk)


@require_POST
@permission_required("planning.add_plan", raise_exception=True)
def plan_copy(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    copy = services.plan_copy_to_next_year(plan=plan, by=request.user)
    messages.success(request, _("A draft for the next year was made from this plan."))
    return redirect("planning:plan", pk=copy.pk)


@require_POST
@permission_required("planning.change_plan", raise_exception=True)
def plan_status(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        services.plan_set_status(
            plan=plan,
            status=request.POST.get("status", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The plan's status was changed."))
    return redirect("planning:plan", pk=plan.pk)


@require_POST
@permission_required("planning.add_plan", raise_exception=True)
def plan_revise(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        revision = services.plan_revise(plan=plan, by=request.user, reason=request.POST.get("reason", ""))
    except Refusal as refusal:
        messages.error(request, str(refusal))
        return redirect("planning:plan", pk=refusal.details.get("pk", plan.pk))
    messages.success(request, _("A new draft version of the plan was made; issuing it replaces this one."))
    return redirect("planning:plan", pk=revision.pk)


def _pdf_context(plan: Plan, number_type: str = "KH") -> dict:
    issuer_code = plan.number.split("-")[-1] if "-" in plan.number else (plan.unit.short_name or "TGPL")
    number = (
        f"Số: {plan.number}" if plan.number else documents.document_number(None, number_type, issuer_code)
    )
    numerals, index = {}, 0
    roman = ["I", "II", "III", "IV", "V", "VI", "VII"]
    if plan.purpose:
        numerals["purpose"], index = roman[index], index + 1
    index += sum(1 for s in plan.sections.all() if s.kind == "part")
    for part in ("funding", "implementation"):
        if getattr(plan, part):
            numerals[part], index = roman[min(index, 6)], index + 1
    return {
        "plan": plan,
        "numerals": numerals,
        "issuer_parent": plan.issuer_parent,
        "issuer": plan.issuer or plan.unit.name,
        "number": number,
        "date_line": documents.vietnamese_date_line(plan.place, plan.issued_on),
    }


@permission_required("planning.view_plan", raise_exception=True)
def plan_pdf(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    rows = services.plan_progress(plan)
    context = _pdf_context(plan)
    if not plan.issued_on and plan.place:
        context["date_line"] = documents.vietnamese_date_line(plan.place, None)
    context["items"] = _document(plan, rows)
    pdf = documents.render_pdf("planning/pdf/plan.html", context, request)
    return documents.pdf_response(pdf, f"ke-hoach-{plan.pk}.pdf")


@permission_required("planning.view_plan", raise_exception=True)
def report_pdf(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    status_day = services.plan_status_day(plan)
    rows = services.plan_progress(plan, today=status_day)
    context = _pdf_context(plan)
    code = plan.unit.short_name or "TGPL"
    context["number"] = documents.document_number(None, "BC", code)
    context["date_line"] = documents.vietnamese_date_line(plan.place or "", today)
    context["items"] = _document(plan, rows)
    context["today"] = status_day  # "Tính đến ngày …": the day the statuses are judged on
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    context["counts"] = [(ActivityStatus(v).label, counts.get(v, 0)) for v in ActivityStatus.values]
    context["total"] = len(rows)
    pdf = documents.render_pdf("planning/pdf/report.html", context, request)
    return documents.pdf_response(pdf, f"bao-cao-ke-hoach-{plan.pk}.pdf")
