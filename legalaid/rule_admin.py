"""The admin of rule tables (``legalaid.models.RuleValidity``): every list shows whether each
rule is verified and in force, filters by both, and the change form of an unverified rule says
so at the top, so that a default nobody has checked against its legal basis is never taken for
the law."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("no", _("Not in force today"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        if self.value() == "yes":
            return queryset.filter(in_force)
        if self.value() == "no":
            return queryset.exclude(in_force)
        return queryset


class RuleAdminMixin:
    """Put before the admin base class: ``class XAdmin(RuleAdminMixin, HistoryAdmin)``."""

    rule_columns = ["legal_basis", "valid_from", "valid_to", "verified"]
    rule_filters: list = ["verified", InForceFilter]

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return shown + [c for c in self.rule_columns if c not in shown]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters + [f for f in self.rule_filters if f not in filters]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and not obj.verified:
            messages.warning(
                request,
                _(
                    "Unverified default: this rule has not been checked against the original text "
                    "of its legal basis. Check it, correct it if needed, then tick “verified”."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)
