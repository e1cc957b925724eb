"""The IB's calm home page: actions grouped by when they are due (overdue, this week, later), at
most a screenful with "all actions" behind it, next to the next meetings and the new drafts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.actions import rules
from cases.actions.selectors import HOME_GROUP_ROWS, home_action_groups
from cases.models import Action
from tests.factories.cases import ActionFactory

pytestmark = pytest.mark.django_db


def test_this_week_runs_to_sunday():
    wednesday = date(2026, 12, 2)
    assert rules.end_of_week(wednesday) == date(2026, 12, 6)
    assert rules.end_of_week(date(2026, 12, 6)) == date(2026, 12, 6)


@pytest.fixture
def many_actions(world):
    today = timezone.localdate()
    week_end = rules.end_of_week(today)
    ib = world.users["ib_a"]
    for i in range(12):
        ActionFactory(case=world.case_a, owner=ib, overdue=True, description=f"Te laat {i}")
    ActionFactory(case=world.case_a, owner=ib, due_on=today, description="Vandaag")
    ActionFactory(case=world.case_a, owner=ib, due_on=week_end, description="Zondag")
    for i in range(6):
        ActionFactory(case=world.case_a, owner=ib, due_on=week_end + timedelta(days=1 + i), description=f"Later {i}")
    return today


def test_groups_in_sql_agree_with_the_rule(world, many_actions):
    today = many_actions
    groups = {g["key"]: g for g in home_action_groups(user=world.users["ib_a"], today=today)}
    every = list(Action.objects.filter(case=world.case_a, status="open"))
    for key in rules.DUE_GROUPS:
        expected = [a for a in every if rules.due_group(a, today=today) == key]
        assert groups[key]["count"] == len(expected) >= 2
        assert len(groups[key]["rows"]) == min(len(expected), HOME_GROUP_ROWS[key])
        assert all(rules.due_group(a, today=today) == key for a in groups[key]["rows"])


def test_home_shows_a_screenful_and_links_all_actions(world, client_for, many_actions):
    client = client_for(world.users["ib_a"])
    groups = {g["key"]: g for g in home_action_groups(user=world.users["ib_a"], today=many_actions)}
    home = client.get(reverse("web:home")).content.decode()
    assert home.count('data-testid="home-action"') == sum(len(g["rows"]) for g in groups.values()) <= 10
    for key, group in groups.items():
        assert f'data-testid="due-count-{key}">{group["count"]}<' in home
    assert reverse("cases:action_list") in home
    assert home.index('id="meetings-panel"') > home.index('id="my-actions"')
    assert home.index('id="meetings-panel"') < home.index('id="my-schools"')  # daily work first
    full = client.get(reverse("cases:action_list")).content.decode()
    assert full.count('data-testid="action-list-row"') == sum(g["count"] for g in groups.values()) >= 20
    assert 'id="due-list-overdue"' in full and 'id="due-list-this_week"' in full and 'id="due-list-later"' in full


def test_home_and_all_actions_do_not_grow_in_queries(world, client_for, many_actions, django_assert_max_num_queries):
    client = client_for(world.users["ib_a"])
    client.get(reverse("web:home"))
    with django_assert_max_num_queries(40):
        client.get(reverse("web:home"))
    with django_assert_max_num_queries(16):
        client.get(reverse("cases:action_list"))


def test_all_actions_are_only_those_the_user_follows(world, client_for, many_actions):
    ActionFactory(case=world.case_b, owner=world.users["ib_b"], description="Andere school")
    assert "Andere school" not in client_for(world.users["ib_a"]).get(reverse("cases:action_list")).content.decode()
    body = client_for(world.users["ib_b"]).get(reverse("cases:action_list")).content.decode()
    assert "Andere school" in body and "Te laat 1" not in body


def test_new_drafts_show_for_those_who_submit(world, client_for):
    ib_home = client_for(world.users["ib_a"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="home-draft"' in ib_home and world.intake_a.pupil.full_name in ib_home
    teacher_home = client_for(world.users["teacher_a"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="home-drafts"' not in teacher_home
