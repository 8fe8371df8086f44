"""python manage.py notify_deadlines

The daily deadline notices: for every open case whose next deadline falls within 2 working days
(the working-day calendar: a Friday's horizon is the Tuesday after) or has passed, a notice to
whoever must act (``cases.notifications.deadline_notices``), e-mailed by the worker when the
deployment sends mail. Each notice is raised once per case and deadline: a second run the same
day, or the next day, writes nothing new. Run it once a day (cron:
``30 6 * * * cd /srv/tgpl && .venv/bin/python manage.py notify_deadlines``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.notifications import deadline_notices
from legalaid.commands import BaseCommand, number
from legalaid.models import Notification
from legalaid.notifications import deliver


class Command(BaseCommand):
    help = gettext_lazy("Notify who must act on the cases due within 2 working days or overdue.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            drafts = deadline_notices(today)
        written = Notification.objects.filter(pk__in=deliver(drafts))
        soon = written.filter(kind=Notification.Kind.DUE_SOON).count()
        overdue = written.filter(kind=Notification.Kind.OVERDUE).count()
        self.stdout.write(
            _("%(date)s: %(soon)s notices of deadlines within 2 working days, %(overdue)s of overdue cases.")
            % {"date": today.strftime("%d/%m/%Y"), "soon": number(soon), "overdue": number(overdue)}
        )
