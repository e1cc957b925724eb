"""Forms that help, in the browser: after a failed submit focus is on the error summary, its
links put focus in the field, and after a save focus is on the success message."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def focused(page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})")


def test_failed_submit_focuses_the_summary_and_a_save_focuses_the_message(demo, login, page, live_server):
    login("ib@zonnebloem.demo")
    page.goto(f"{live_server.url}/casussen/leerlingen/nieuw/")
    page.locator("main form[method=post] button[type=submit]").first.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert focused(page, "[data-error-summary]")
    invalid = page.locator("main .is-invalid")
    links = summary.get_by_role("link")
    assert invalid.count() >= 2 and links.count() == invalid.count(), "every field error, all at once, in the summary"
    for field in invalid.all():
        described = field.get_attribute("aria-describedby") or ""
        assert described, f"{field.get_attribute('name')} does not point at its error"
        for ref in described.split():
            expect(page.locator(f"#{ref}")).to_have_count(1)
    expect(page.locator("main .asteriskField").first).to_be_visible()

    links.first.click()
    target = links.first.get_attribute("href")
    assert focused(page, target), f"the summary link did not focus {target}"

    page.locator("main [name=pupil_number]").fill("99991")
    page.locator("main [name=first_name]").fill("Testa")
    page.locator("main [name=last_name]").fill("Toetsing")
    page.locator("main [name=date_of_birth]").fill("2018-03-04")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    assert focused(page, ".messages .alert-success")


def test_empty_intake_shows_every_error_at_once_and_the_picker_finds_by_accentless_name(demo, login, page, live_server):
    login("ib@zonnebloem.demo")
    page.goto(f"{live_server.url}/casussen/aanmeldingen/nieuw/")
    page.locator("main form[method=post] button[name=submit]").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert focused(page, "[data-error-summary]")
    hrefs = [link.get_attribute("href") for link in summary.get_by_role("link").all()]
    assert "#pupil-q" in hrefs and "#id_reason" in hrefs and "#id_help_question" in hrefs, hrefs
    expect(page.locator("main .asteriskField").first).to_be_visible()
    expect(page.get_by_label("Reden van aanmelding *")).to_be_visible()

    summary.get_by_role("link").first.click()
    assert focused(page, "#pupil-q")
    # The demo has "Zoë de Vries": typed without the diaeresis, she is found; ArrowDown chooses her.
    page.locator("#pupil-q").press_sequentially("zoe de vries")
    choice = page.locator("#pupil-results label", has_text="Zoë de Vries")
    expect(choice).to_be_visible()
    page.locator("#pupil-q").press("ArrowDown")
    expect(page.locator("#pupil-results [name=pupil]").first).to_be_checked()
    assert "zoe" not in page.url  # the search never navigates, so no name lands in the address bar
