from django.utils.translation import gettext as _

from legalaid.commands import BaseCommand
from legalaid.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from legalaid.roles import Role


class Command(BaseCommand):
    help = _("Build (or refresh) the Lạng Sơn demo centre. Safe to run again.")

    def handle(self, *args, **options):
        demo = seed_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo data ready: %(centre)s") % {"centre": demo.centre.name}))
        labels = dict(Role.choices)
        self.stdout.write(
            _("Demo logins (the password of every one: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for username, full_name, _title, unit_key, role, _staff in DEMO_USERS:
            unit = getattr(demo, unit_key)
            self.stdout.write(f"  {username:<12} {labels[role]} - {full_name}, {unit.name}")
