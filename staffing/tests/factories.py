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
