"""Steps a professional takes in the browser, shared by the browser tests."""

import base64

from django_otp.oath import totp
from playwright.sync_api import Page

from yhteispolku.accounts.models import User


def submit_login(page: Page, username: str, password: str) -> None:
    page.goto("/tili/kirjaudu/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()


def enrol_totp(page: Page) -> None:
    """On the enrolment page: read the key as a person would type it into an app, give the code."""
    secret = page.locator(".secret").inner_text().strip()
    page.get_by_label("Kuusinumeroinen vahvistuskoodi").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Ota käyttöön").click()


def log_in_with_new_device(page: Page, user: User, password: str) -> None:
    submit_login(page, user.username, password)
    page.wait_for_url("**/tili/kirjaudu/kaksivaiheinen/**")
    enrol_totp(page)
    page.wait_for_url("**/")
