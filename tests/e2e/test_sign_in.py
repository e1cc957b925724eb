import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_ib_signs_in_sees_home_and_signs_out(demo, login, page, live_server):
    login("ib@zonnebloem.demo")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Ilse")
    membership = page.get_by_test_id("membership")
    expect(membership).to_contain_text("De Zonnebloem")
    expect(membership).to_contain_text("Intern begeleider")
    page.get_by_role("button", name="Ilse Bakker").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    # Signed out for real: the home page sends us back to the login form.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")


def test_wrong_password_shows_dutch_message(demo, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill("ib@zonnebloem.demo")
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("wachtwoord dat u hebt opgegeven klopt niet")
