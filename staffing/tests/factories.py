import factory

from staffing.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Hoàng Văn Người {n}")
    citizen_id = factory.Sequence(lambda n: f"020{n:09d}")
    kind = Person.Kind.COLLABORATOR
    sex = Person.Sex.MALE

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


def restore_reference_data() -> None:
    """A transactional test that runs after another one with serialized rollback may find the
    database flushed without post_migrate: make the content types, permissions, role groups and
    the reference lists the migrations seed, as migrate would."""
    import importlib

    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    from staffing.models import Ethnicity

    if Ethnicity.objects.exists():
        return
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    importlib.import_module("legalaid.migrations.0002_reference_lists").seed(apps, None)
    importlib.import_module("staffing.migrations.0002_ethnicities").load(apps, None)
