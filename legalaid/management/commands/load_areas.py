from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.commands import BaseCommand, number
from legalaid.services import areas_load


class Command(BaseCommand):
    help = _("Load a province and its communes from the official list (vietnam-provinces) by code.")

    def add_arguments(self, parser):
        parser.add_argument("province_codes", nargs="+", type=int, help=_("e.g. 20 for Lạng Sơn"))

    def handle(self, *args, province_codes, **options):
        with transaction.atomic():  # a wrong code among several loads none of them
            for code in province_codes:
                province, created, updated = areas_load(province_code=code)
                self.stdout.write(
                    _("%(province)s: %(created)s communes added, %(updated)s updated (%(total)s in all).")
                    % {
                        "province": province,
                        "created": number(created),
                        "updated": number(updated),
                        "total": number(province.communes.count()),
                    }
                )
