from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from legalaid.services import areas_load


class Command(BaseCommand):
    help = "Load a province and its communes from the official list (vietnam-provinces) by code."

    def add_arguments(self, parser):
        parser.add_argument("province_codes", nargs="+", type=int, help="e.g. 20 for Lạng Sơn")

    def handle(self, *args, province_codes, **options):
        with transaction.atomic():
            for code in province_codes:
                try:
                    province, created, updated = areas_load(province_code=code)
                except LookupError as error:
                    raise CommandError(str(error)) from error
                self.stdout.write(
                    f"{province}: {created} communes added, {updated} updated "
                    f"({province.communes.count()} in all)."
                )
