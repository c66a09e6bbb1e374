import pytest

from xiangzhen.errors import NotFound
from xiangzhen.org.selectors import unit_get_for_user, user_may_change_unit, visible_units

ROLE_JURISDICTIONS = {
    "county_supervisor": {"七星关区", "生机镇", "镇江片区", "葛铺片区", "镇江村", "一组", "庆坪村", "葛铺村"},
    "town_leader": {"生机镇", "镇江片区", "葛铺片区", "镇江村", "一组", "庆坪村", "葛铺村"},
    "window_staff": {"生机镇", "镇江片区", "葛铺片区", "镇江村", "一组", "庆坪村", "葛铺村"},
    "district_committee": {"镇江片区", "镇江村", "一组", "庆坪村"},
    # Holds a post in the town office, yet answers only for the village assigned to them.
    "township_cadre": {"镇江村", "一组"},
    "village_cadre": {"葛铺村"},
}


@pytest.mark.parametrize(("persona", "expected"), ROLE_JURISDICTIONS.items())
def test_each_role_sees_exactly_its_subtree(township, persona, expected):
    user = getattr(township, persona).user
    assert set(visible_units(user).values_list("name", flat=True)) == expected


@pytest.mark.parametrize("persona", ROLE_JURISDICTIONS)
def test_each_role_is_refused_every_unit_outside_its_subtree(township, persona):
    user = getattr(township, persona).user
    for unit in township.all_units():
        if unit.name in ROLE_JURISDICTIONS[persona]:
            assert unit_get_for_user(user, unit.pk) == unit
            assert user_may_change_unit(user, unit)
        else:
            with pytest.raises(NotFound):
                unit_get_for_user(user, unit.pk)
            assert not user_may_change_unit(user, unit)


def test_missing_and_forbidden_units_answer_the_same(township):
    user = township.village_cadre.user
    with pytest.raises(NotFound) as missing:
        unit_get_for_user(user, 999_999)
    with pytest.raises(NotFound) as forbidden:
        unit_get_for_user(user, township.zhenjiang.pk)
    assert missing.value.message == forbidden.value.message


def test_anonymous_and_cadre_less_users_see_nothing(township, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_units(AnonymousUser()).exists()
    plain = django_user_model.objects.create_user("plain", password="x")
    assert not visible_units(plain).exists()


def test_an_inactive_cadre_sees_nothing(township):
    cadre = township.town_leader
    cadre.is_active = False
    cadre.save(update_fields=["is_active"])
    assert not visible_units(cadre.user).exists()


def test_an_ended_assignment_no_longer_grants_access(township):
    from datetime import date

    from xiangzhen.org.services import assignment_end

    assignment = township.township_cadre.assignments.get()
    assignment_end(actor=None, assignment=assignment, end_date=date(2026, 3, 1))
    assert not visible_units(township.township_cadre.user).exists()


def test_superuser_sees_every_county(township, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert visible_units(root).count() == len(township.all_units())


def test_a_request_looks_the_jurisdiction_up_once_and_again_after_an_assignment(
    township, django_assert_num_queries
):
    from django.utils import timezone

    from xiangzhen.org.models import AssignmentKind
    from xiangzhen.org.selectors import jurisdiction_remembered
    from xiangzhen.org.services import assignment_create

    cadre = township.township_cadre
    user = cadre.user
    user.cadre  # noqa: B018 - the cadre row is cached on the user, as after the first check of a request
    with jurisdiction_remembered():
        with django_assert_num_queries(2):  # the roots, then the units under them
            first = set(visible_units(user).values_list("name", flat=True))
        with django_assert_num_queries(1):  # the units only
            assert set(visible_units(user).values_list("name", flat=True)) == first
        assignment_create(
            actor=township.town_leader.user,
            cadre=cadre,
            unit=township.gepu,
            kind=AssignmentKind.values[0],
            start_date=timezone.localdate(),
        )
        assert "葛铺村" in set(visible_units(user).values_list("name", flat=True))
