"""Factories for the shared vocabulary; tests of every app build on them."""

import factory

from legalaid.models import Unit, User
from legalaid.roles import assign_role


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            assign_role(self, extracted)
        if create:
            self.save()
