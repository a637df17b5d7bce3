"""The page under its Content-Security-Policy, in headless Chromium: nothing is blocked."""

from __future__ import annotations

from playwright.sync_api import Page
from support.headless import wait_for_timeline

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
CAMERA = "#timeline .modebar-btn[data-title='Download plot as a PNG']"


def test_page_works_under_its_policy_and_nothing_is_blocked(page: Page, server, tmp_path):
    page.add_init_script(RECORD_VIOLATIONS)
    with page.expect_response(lambda r: r.url.endswith("/?days=40:50")) as answer:
        wait_for_timeline(page, f"{server.url}/?days=40:50")
    policy = answer.value.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "'unsafe-eval'" not in policy
    # The toolbar's camera draws the PNG through data: and blob: images.
    with page.expect_download() as download:
        page.locator(CAMERA).click(force=True)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert page.evaluate("window.cspViolations") == []
