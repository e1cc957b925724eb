import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_ib_signs_in_sees_home_and_signs_out(demo, login, page, live_server):
    login("ib@zonnebloem.demo")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Ilse")
    expect(page.get_by_test_id("membership")).to_contain_text("De Zonnebloem")
    expect(page.get_by_test_id("membership")).to_contain_text("Intern begeleider")
    page.get_by_role("button", name="Ilse Bakker").click() if page.get_by_role("button", name="Ilse Bakker").count() else page.get_by_text("Ilse Bakker").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
