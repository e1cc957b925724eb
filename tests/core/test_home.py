"""Role home pages show the user's own schools, roles, groups and committee seats, in Dutch."""


def page(client_for, user, url="/"):
    response = client_for(user).get(url)
    return response.status_code, response.content.decode()


def test_teacher_sees_school_role_and_groups(world, client_for):
    status, html = page(client_for, world.users["teacher_a"])
    assert status == 200
    assert "School A" in html and "Groepsleerkracht" in html and "Groepen: 5a" in html
    assert "School B" not in html


def test_externals_see_their_role_and_no_groups(world, client_for):
    _, html = page(client_for, world.users["social_team_a"])
    assert "Medewerker sociaal team" in html and "Groepen:" not in html


def test_committee_seats_show_who_votes(world, client_for):
    _, advisor = page(client_for, world.users["clo_advisor"])
    _, chair = page(client_for, world.users["clo_chair"])
    assert "Adviseur (open stoel)" in advisor and "adviseert, stemt niet" in advisor
    assert "Voorzitter" in chair and "stemt" in chair


def test_ended_membership_is_not_shown(world, client_for):
    _, html = page(client_for, world.users["ib_a_ended"])
    assert "Uw account heeft geen actieve rol" in html


def test_navigation_shows_administration_only_to_the_functional_administrator(world, client_for):
    _, admin_home = page(client_for, world.users["functional_admin"])
    _, ib_home = page(client_for, world.users["ib_a"])
    assert 'href="/beheer/"' in admin_home
    assert 'href="/beheer/"' not in ib_home


def test_dutch_404_page(world, client_for):
    status, html = page(client_for, world.users["ib_a"], "/bestaat-niet/")
    assert status == 404
    assert "Pagina niet gevonden" in html and '<html lang="nl">' in html


def test_english_is_available(world, client_for):
    client = client_for(world.users["ib_a"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Welcome" in html and '<html lang="en">' in html


def test_home_query_count_does_not_grow_with_memberships(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.core import MembershipFactory, SchoolFactory

    orthopedagogue = world.users["orthopedagogue_a"]
    client = client_for(orthopedagogue)
    client.get("/")  # warm the session
    with CaptureQueriesContext(connection) as one_school:
        client.get("/")
    for _ in range(8):
        school = SchoolFactory(board__partnership=world.partnership)
        MembershipFactory(user=orthopedagogue, school=school, role="orthopedagogue")
    with django_assert_max_num_queries(len(one_school)):
        html = client.get("/").content.decode()
    assert html.count('data-testid="membership"') == 9
