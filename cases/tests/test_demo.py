from cases.models import Case


def test_the_demo_has_a_year_of_cases_in_every_state_and_is_idempotent(db):
    from legalaid.demo import seed_demo

    seed_demo()
    states = set(Case.objects.values_list("status", flat=True))
    assert states == set(Case.Status.values)
    count = Case.objects.count()
    assert count >= 80
    names = list(Case.objects.values_list("beneficiary__full_name", flat=True)[:20])
    assert all(len(n.split()) >= 3 for n in names)
    seed_demo()
    assert Case.objects.count() == count
