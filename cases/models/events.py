"""The timeline of a case: one row per thing done to it, its kind one of the ``Event`` codes.

``Event`` is the one table of what can happen to a case: every step of the transition table
(``cases.workflow.Action``, the same values) and the records made beside it. The timeline, the
exports and the tests read their labels from here.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import User

from .case import Case


class Event(models.TextChoices):
    RECEIVE = "receive", _("Request received")
    PAPER = "paper", _("Proving paper recorded")
    # The steps of the transition table, under the labels of their buttons.
    REQUEST_PAPERS = "request_papers", _("Ask for missing papers")
    ACCEPT = "accept", _("Accept the case")
    REFUSE = "refuse", _("Refuse")
    REFER = "refer", _("Refer elsewhere")
    APPOINT = "appoint", _("Appoint a performer")
    REQUEST_REPLACEMENT = "request_replacement", _("Record a replacement request")
    DECIDE_REPLACEMENT = "decide_replacement", _("Answer the replacement request")
    LOG_WORK = "log_work", _("Log work")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    TERMINATE = "terminate", _("Stop the legal aid")
    COMPLETE = "complete", _("Complete the case")
    ASSIGN_APPRAISAL = "assign_appraisal", _("Assign the appraisal")
    APPRAISE = "appraise", _("Record the appraisal")
    # Records beside the steps.
    SURVEY = "survey", _("Satisfaction survey")
    COMPLAINT = "complaint", _("Complaint recorded")
    EVALUATION_DRAWN = "evaluation_drawn", _("Drawn for evaluation")
    EVALUATED = "evaluated", _("Evaluated by the Department of Justice")
    PAYMENT = "payment", _("Payment recorded")
    # Corrections of what was typed at intake (cases.services.corrections), with their reason.
    CORRECT = "correct", _("Data corrected")
    REISSUE = "reissue", _("Paper re-issued")


# The timeline's labels by code, for the pages that show a list of events.
EVENT_LABELS = dict(Event.choices)


class CaseEvent(models.Model):
    """The timeline: one row per thing done to a case, with who did it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    code = models.CharField(_("event"), max_length=24, choices=Event.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("by"))
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The paper a "reissue" event re-issued (``cases.services.corrections.Paper.key``): the PDF
    # of that paper then says it is a re-issue.
    paper = models.CharField(_("paper"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.code}"
