"""A demo user logs in through Chromium and lands on the staff home."""

import pytest

from registration.demo import demo_accounts_ensure
from registration.reference_loader import reference_data_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_partner_logs_in_and_sees_the_staff_home(page, live_server):
    reference_data_load()
    demo_accounts_ensure(password="demo-password-e2e", reset_password=True)
    page.goto(f"{live_server.url}/app/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "demo_staff")
    page.fill("#id_password", "demo-password-e2e")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/app/")
    assert page.locator("h1").inner_text() == "Ma file de travail"
    assert "Aminata Coulibaly" in page.locator("header").inner_text()


def test_wrong_password_shows_a_clear_message(page, live_server):
    demo_accounts_ensure(password="demo-password-e2e", reset_password=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "demo_staff")
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    assert "incorrect" in page.locator("[role=alert]").inner_text()
