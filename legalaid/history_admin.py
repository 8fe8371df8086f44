"""The admin of models with history, safe for people who may only read.

django-simple-history 3.13 shows a historical version in a form and saves a POST to it (a
"revert") after checking only the view-or-change *history* permission; its "Revert" button is
merely hidden from those who may not change. Here a POST needs the change permission itself.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is None
                or not self.has_change_permission(request, obj)
                or self.revert_disabled(request, obj)
            ):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
