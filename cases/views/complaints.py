"""The hotline and complaints book of a unit: recording a complaint (finding its case, warned of
an open complaint about the same case or from the same phone), giving it to a handler, moving it
along its statuses, and the answer letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid import documents
from legalaid.models import User
from legalaid.refusal import Refusal, add_to_form
from legalaid.roles import Role, visible_units
from legalaid.text import search_key
from legalaid.validation import is_ascii_digits

from .. import access, conf
from ..forms_complaints import AssignForm, ComplaintForm, FilterForm, MoveForm
from ..models import Case, Complaint
from ..services import complaints as service
from .lists import _search

FOUND_CASES = 10  # cases a search on the complaint form offers at most


def _handlers(user):
    """Who may handle the complaints the user sees: the active users of those units."""
    return User.objects.filter(unit__in=visible_units(user), is_active=True).order_by("full_name", "pk")


def _found_cases(user, text: str) -> list[Case]:
    """The cases the user may see matching ``text`` (register number, a name without accents,
    a citizen ID), newest first."""
    if not text.strip():
        return []
    cases = _search(access.visible_cases(user), text)
    key = search_key(text)
    if is_ascii_digits(key):
        # A citizen ID is protected on a sensitive case: such a case the user may not see the
        # data of is found by its register number only, never by the person's citizen ID.
        cases = cases.filter(access.sensitive_shown(user) | Q(register_number__startswith=key))
    return list(cases.select_related("beneficiary").order_by("-request_date", "-pk")[:FOUND_CASES])


def _chosen_case(user, pk) -> Case | None:
    if not pk:
        return None
    return access.visible_cases(user).select_related("beneficiary").filter(pk=pk).first()


def _record(request, form: ComplaintForm):
    """Record the complaint of a valid form; the duplicates to confirm first, or None when saved
    (or refused: the refusal is then on the form)."""
    data = form.cleaned_data
    case = _chosen_case(request.user, data["case"])
    if data["case"] and case is None:
        form.add_error("case_query", _("No case of yours was chosen."))
        return None
    duplicates = service.complaint_duplicates(
        units=visible_units(request.user), case=case, phone=data["phone"]
    )
    if request.POST.get("link_to", "").isdigit():
        # The clerk chose an open complaint of the warning: the call is added to it.
        target = duplicates.filter(pk=int(request.POST["link_to"][:18])).first()
        if target is None:
            form.add_error(None, _("This complaint is closed; record the call as a new complaint."))
            return None
        try:
            service.complaint_add_call(
                complaint=target,
                by=request.user,
                received_on=data["received_on"],
                caller=data["caller"],
                phone=data["phone"],
                content=data["content"],
            )
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("The call was added to the open complaint."))
        return None
    if not data["confirm_duplicate"]:
        found = list(duplicates)
        if found:
            return found
    try:
        service.complaint_record(
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
    except Refusal as refusal:
        add_to_form(form, refusal)
    return None


@permission_required("cases.view_complaint", raise_exception=True)
def complaints(request):
    handlers = _handlers(request.user)
    filters = FilterForm(request.GET or None, handlers=handlers)
    rows = Complaint.objects.filter(unit__in=visible_units(request.user))
    if filters.is_valid():
        if filters.cleaned_data["open"]:  # those still to handle (the home page's work queue links here)
            rows = rows.filter(resolved_on__isnull=True)
        if filters.cleaned_data["status"]:
            rows = rows.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["handler"]:
            rows = rows.filter(handler=filters.cleaned_data["handler"])
    may_add = request.user.has_perm("cases.add_complaint")
    form, found, duplicates, chosen = ComplaintForm(), [], [], None
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if "find" in request.POST:
            # Only the search: the form comes back as typed, without errors, with the cases found.
            form = ComplaintForm(initial=request.POST.dict())
            found = _found_cases(request.user, request.POST.get("case_query", ""))
            if not found:
                messages.warning(request, _("No case of yours matches this search."))
        else:
            form = ComplaintForm(request.POST)
            if form.is_valid():
                chosen = _chosen_case(request.user, form.cleaned_data["case"])
                duplicates = _record(request, form) or []
                if not duplicates and not form.errors:
                    if "link_to" not in request.POST:
                        messages.success(request, _("The complaint was recorded."))
                    return redirect("cases:complaints")
            else:
                chosen = _chosen_case(request.user, form.cleaned_data.get("case"))
    if chosen is not None and chosen not in found:
        found = [chosen, *found]
    rows = list(rows.select_related("case__beneficiary", "unit", "handler")[:300])
    today = timezone.localdate()
    by_unit: dict[int, list[User]] = {}
    if may_add:
        for user in handlers:
            by_unit.setdefault(user.unit_id, []).append(user)
    for row in rows:
        row.overdue = row.overdue_on(today)
        row.handlers = by_unit.get(row.unit_id, [])
        row.moves = [Complaint.Status(s) for s in sorted(service.TRANSITIONS[row.status])]
        # Each row's form numbers its ids after the complaint: unique ids, labels that resolve.
        row.move_form = MoveForm(auto_id=f"id_%s_{row.pk}")
    return render(
        request,
        "cases/complaints.html",
        {
            "rows": rows,
            "form": form if may_add else None,
            "found": found,
            "chosen_pk": chosen.pk if chosen else None,
            "duplicates": duplicates,
            "filters": filters,
            "answer_days": conf.get("COMPLAINT_ANSWER_WORKING_DAYS"),
            "Status": Complaint.Status,
        },
    )


def _complaint_for(request, pk: int) -> Complaint:
    return get_object_or_404(Complaint, pk=pk, unit__in=visible_units(request.user))


@require_POST
@permission_required("cases.add_complaint", raise_exception=True)
def complaint_assign(request, pk: int):
    complaint = _complaint_for(request, pk)
    form = AssignForm(request.POST, handlers=_handlers(request.user))
    if form.is_valid():
        try:
            service.complaint_assign(
                complaint=complaint,
                by=request.user,
                handler=form.cleaned_data["handler"],
                expected_version=form.cleaned_data["version"],
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The handler of the complaint was saved."))
    else:
        messages.error(request, _("Choose who handles the complaint."))
    return redirect("cases:complaints")


@require_POST
@permission_required("cases.add_complaint", raise_exception=True)
def complaint_resolve(request, pk: int):
    """Move a complaint to another status (answered: with the answer)."""
    complaint = _complaint_for(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            service.complaint_move(
                complaint=complaint,
                by=request.user,
                to=form.cleaned_data["to"],
                resolution=form.cleaned_data["resolution"],
                on=form.cleaned_data["resolved_on"],
                expected_version=form.cleaned_data["version"],
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("The complaint is now “%(status)s”.")
                % {"status": Complaint.Status(form.cleaned_data["to"]).label},
            )
    else:
        messages.error(request, _("The change of status was not understood; try again."))
    return redirect("cases:complaints")


@permission_required("cases.view_complaint", raise_exception=True)
def complaint_answer_pdf(request, pk: int):
    """Văn bản trả lời khiếu nại: the answer letter, once the complaint is answered."""
    complaint = get_object_or_404(
        Complaint.objects.select_related("unit", "case__beneficiary", "handler"),
        pk=pk,
        unit__in=visible_units(request.user),
    )
    if complaint.status != Complaint.Status.ANSWERED:
        raise Http404
    issuer = complaint.unit.centre() or complaint.unit
    parent, province = issuer.parent, issuer.province
    director = issuer.users.filter(groups__name=Role.DIRECTOR, is_active=True).order_by("pk").first()
    context = {
        "issuer_parent": parent.name if parent is not None else "",
        "issuer": issuer.name,
        "number": documents.document_number(
            complaint.answer_number, service.ANSWER_SERIES, issuer.short_name or "TGPL"
        ),
        "date_line": documents.vietnamese_date_line(
            province.name if province is not None else "", complaint.resolved_on
        ),
        "complaint": complaint,
        "centre": issuer,
        "signer_authority": documents.signer_title(issuer),
        "signer_name": director.full_name if director else "",
    }
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/complaint_answer.html", context, request),
        f"tra-loi-khieu-nai-{complaint.pk}.pdf",
    )
