"""The one way to refuse: a service that will not do what it was asked raises ``Refusal``.

A refusal carries the Vietnamese message for the person who tried (a lazy translation is kept
lazy until shown), and, where the refusal is about one input, the form field it concerns. Each
caller turns it into its own kind of answer:

- a view: ``add_to_form(form, refusal)`` (an error on the field, or on the whole form), or
  ``messages.error(request, refusal.message)``;
- a management command (``legalaid.commands.BaseCommand``): the message on stderr, exit status 1;
- the admin (``RefusalAdminMixin``): the message at the top of the page, nothing saved.

``code`` names the kind of refusal where a caller acts on it (``"conflict"`` for a concurrent
edit, ``"duplicate"`` for a person already registered); ``details`` carry what it needs then.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages


class Refusal(Exception):
    """What the law or the records forbid, in words for the person who tried it."""

    def __init__(self, message: Any, *, field: str | None = None, code: str = "", **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return str(self.message)


CONFLICT = "conflict"
DUPLICATE = "duplicate"


def add_to_form(form, refusal: Refusal) -> None:
    """Show ``refusal`` on ``form``: on its field when the form has that field, else on top."""
    field = refusal.field if refusal.field in getattr(form, "fields", {}) else None
    form.add_error(field, str(refusal.message))


class RefusalAdminMixin:
    """Admin pages that save through services show a refusal as a message and save nothing."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refusal as refusal:
            from django.http import HttpResponseRedirect

            messages.error(request, str(refusal.message))
            return HttpResponseRedirect(request.get_full_path())

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except Refusal as refusal:
            from django.http import HttpResponseRedirect

            messages.error(request, str(refusal.message))
            return HttpResponseRedirect(request.get_full_path())
