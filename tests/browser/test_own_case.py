"""Bringing one's own case, in headless Chromium: upload, problems, save to library."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEED_CASES, screenshot
from playwright.sync_api import Page, expect
from support.headless import GRAPH_SELECTOR as GRAPH
from support.headless import LiveServer, wait_for_timeline

from components.cases.case import MAX_FILE_BYTES, load_case
from components.cases.templates import csv_template
from components.web import ids

FILE_INPUT = f"#{ids.UPLOAD} input[type=file]"
HEADER = "day,end_day,category,item,value,value_max,unit,route,frequency,detail,source,basis\n"
#: A small case with text a browser must never run: HTML, a script, a formula.
MARKED_UP = (
    HEADER
    + "0,,drug,Tisagenlecleucel,,,,IV,once,<b>bold</b> infusion,Chart,reported\n"
    + '2,,grade,CRS,2,,,,,<script>window.ran=1</script>,=HYPERLINK("x"),reported\n'
    + '3,,lab,CRP,88.5,,mg/L,,,<img src=x onerror="window.ran=1">,Chart,reported\n'
)


def upload(page: Page, name: str, data: bytes, mime: str = "text/csv") -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": mime, "buffer": data}])


def title(page: Page) -> str:
    return page.locator(".case-title").inner_text()


@pytest.fixture
def own_library(tmp_path):
    """A copy of the bundled cases, so saving writes nowhere in the repository."""
    shutil.copytree(SEED_CASES, tmp_path / "cases")
    with LiveServer(tmp_path / "cases", writes=True) as live:
        yield live, tmp_path / "cases"


def test_a_valid_upload_opens_as_a_case_with_its_own_link(page: Page, server):
    wait_for_timeline(page, f"{server.url}/")
    upload(page, "my-patient.csv", MARKED_UP.encode())
    page.wait_for_function("() => location.search.includes('case=upload.')")
    expect(page.locator(".case-title")).to_have_text("my-patient")
    expect(page.locator(f"#{ids.CASE_SELECT}")).to_contain_text("(uploaded, not saved)")
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text("3 events")
    page.wait_for_function("() => location.search.includes('days=0:3')")

    # HTML and scripts in the file are text on the page, never run.
    grid = page.locator(f"#{ids.EVENT_GRID}")
    expect(grid).to_contain_text("<script>window.ran=1</script>")
    expect(grid).to_contain_text("<b>bold</b> infusion")
    expect(grid).to_contain_text('=HYPERLINK("x")')
    assert page.evaluate("() => window.ran") is None
    # The insight section follows to the uploaded case: its own row beside the literature.
    expect(page.locator(f"#{ids.INTRATHECAL_TABLE}")).to_contain_text("This case (upload.")
    expect(page.locator(f"#{ids.STEROID_SUMMARY}")).to_contain_text("No corticosteroid")

    # The link works in this browser session: a reload opens the uploaded case again.
    link = page.url
    wait_for_timeline(page, link)
    expect(page.locator(".case-title")).to_have_text("my-patient")
    items = page.evaluate(
        "sel => document.querySelector(sel).data.flatMap(t => t.name ? [t.name] : [])", GRAPH
    )
    assert "CRS grade" in items
    screenshot(page, "upload-valid")


def test_a_file_with_problems_lists_them_and_the_case_on_screen_stays(page: Page, server):
    wait_for_timeline(page, f"{server.url}/?days=40:50")
    shown = title(page)
    bad = HEADER + "x,,grade,ICANS,7,,,,,,Chart,reported\n3,1,score,GCS,2,,,,,,Chart,reported\n"
    upload(page, "bad.csv", bad.encode())
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    expect(status).to_contain_text("This file cannot be shown")
    expect(status).to_contain_text("bad.csv, row 2, column 'day': found 'x'")
    expect(status).to_contain_text("row 3, column 'end_day'")
    expect(status).to_contain_text("a GCS score from 3 to 15")
    assert title(page) == shown
    assert "case=upload." not in page.url and "days=40:50" in page.url
    expect(page.locator(f"#{ids.CASE_SELECT}")).not_to_contain_text("uploaded")
    screenshot(page, "upload-problems")


def test_a_file_over_the_limit_is_refused_with_the_limit(page: Page, server):
    wait_for_timeline(page, f"{server.url}/")
    shown = title(page)
    upload(page, "huge.csv", b"x" * (MAX_FILE_BYTES + 1))
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text(
        "huge.csv: found '5.2 MB'; expected a file of at most 5 MB"
    )
    assert title(page) == shown


def test_save_to_library_writes_a_case_folder_and_opens_it(page: Page, own_library):
    server, cases = own_library
    wait_for_timeline(page, f"{server.url}/")
    upload(page, "../../Relapse: our patient.csv", csv_template())
    page.wait_for_function("() => location.search.includes('case=upload.')")
    page.get_by_role("button", name="Save to library").click()
    page.wait_for_function("() => location.search.includes('case=relapse-our-patient')")
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text("Saved as case")
    expect(page.locator(f"#{ids.CASE_SELECT}")).to_contain_text("relapse-our-patient")
    expect(page.locator(".case-title")).to_have_text("Relapse: our patient")
    saved = load_case(cases / "relapse-our-patient")
    assert saved.info.title == "Relapse: our patient"
    assert len(saved.events) >= 11
    assert sorted(p.name for p in cases.iterdir() if not p.name.startswith(".")) == sorted(
        ["axicel-relapsing-icans", "relapse-our-patient"]
    )
    assert not any(p.name.startswith(".saving-") for p in cases.iterdir())


def test_a_rejected_upload_leaves_nothing_to_save_and_its_message_goes_with_the_case(
    page: Page, own_library
):
    server, _ = own_library
    wait_for_timeline(page, f"{server.url}/")
    upload(page, "my-patient.csv", MARKED_UP.encode())
    page.wait_for_function("() => location.search.includes('case=upload.')")
    save = page.locator(f"#{ids.UPLOAD_SAVE}")
    expect(save).to_be_enabled()
    upload(page, "broken.csv", (HEADER + "x,,grade,CRS,2,,,,,,Chart,reported\n").encode())
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    expect(status).to_contain_text("cannot be shown")
    expect(save).to_be_disabled()  # it would have saved the earlier file
    page.click(f"#{ids.CASE_SELECT}")
    page.get_by_role("option", name="axicel-relapsing-icans").click()
    page.wait_for_function("() => location.search.includes('case=axicel-relapsing-icans')")
    expect(status).not_to_contain_text("cannot be shown")


def test_markup_in_an_uploaded_case_is_drawn_as_text(page: Page, server):
    """Finding 6 on screen: no live link and no styled text from the file in the figure."""
    link = "<a href=https://evil.example/phish>phish</a>"
    text = (
        HEADER
        + f"0,,drug,Tisa-cel {link},,,,IV,once,<b style=font-size:80px>big</b>,{link},reported\n"
        + f'2,,imaging,MRI {link},,,,,,"say ""no""",Chart,reported\n'
    )
    wait_for_timeline(page, f"{server.url}/")
    upload(page, "markup.csv", text.encode())
    page.wait_for_function("() => location.search.includes('case=upload.')")
    page.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('evil.example')", arg=GRAPH
    )
    figure = page.locator(GRAPH)
    assert figure.locator("a").count() == 0
    styled = figure.evaluate(
        "g => [...g.querySelectorAll('[style]')].filter("
        "e => e.getAttribute('style').replace(/ /g, '').includes('font-size:80px')).length"
    )
    assert styled == 0
    expect(figure).to_contain_text("Tisa-cel <a href=https://evil.example/phish>phish</a>")
