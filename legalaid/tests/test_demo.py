import pytest
from django.core.management import call_command

from legalaid.demo import DEMO_PASSWORD, seed_demo
from legalaid.models import Commune, Unit, User
from legalaid.roles import Role


@pytest.mark.django_db
def test_seed_demo_builds_the_lang_son_centre_and_running_it_again_changes_nothing(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    counts = (
        Unit.objects.count(),
        User.objects.count(),
        Commune.objects.count(),
        Unit.history.count(),
        User.history.count(),
    )
    seed_demo()
    assert counts == (
        Unit.objects.count(),
        User.objects.count(),
        Commune.objects.count(),
        Unit.history.count(),
        User.history.count(),
    )

    centre = Unit.objects.get(kind=Unit.Kind.CENTRE)
    assert centre.name == "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn"
    assert centre.parent.name == "Sở Tư pháp tỉnh Lạng Sơn"
    assert set(centre.children.values_list("kind", flat=True)) == {"department", "branch"}
    assert Commune.objects.filter(province_id=20).count() == 65
    branch = Unit.objects.get(kind=Unit.Kind.BRANCH)
    assert "Xã Thất Khê" in set(branch.communes.values_list("name", flat=True))
    for role in Role:
        user = User.objects.get(
            groups__name=role.value,
            username__in=["giamdoc", "tiepnhan", "trogiupvien", "congtacvien", "sotuphap", "quantri"],
        )
        assert user.check_password(DEMO_PASSWORD)
        assert user.username in out
    assert DEMO_PASSWORD in out


@pytest.mark.django_db
def test_load_areas_refuses_an_unknown_province_code():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_areas", "999")
