"""The cohort page without a browser: its layout follows the URL, and its table shows exactly
what the CSV and the command line give, for the bundled case and the bundled synthetic set."""

import csv
import io
import shutil

import pytest
from factories import SEED_CASE

from components.cases.case import case_ids
from components.cases.cohort_select import select
from components.cases.index import LibraryIndex
from components.cases.library import BUNDLED_SYNTHETIC_DIR
from components.cli import main
from components.figures.cohort.browser_views import grid_rows
from components.model.cohort_view import CohortView
from components.web import ids
from components.web.app import create_app
from components.web.pages.cohort_page import layout

SYNTHETIC_SHOWN = 8


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("library")
    shutil.copytree(SEED_CASE, folder / SEED_CASE.name)
    for case_id in case_ids(BUNDLED_SYNTHETIC_DIR)[:SYNTHETIC_SHOWN]:
        shutil.copytree(BUNDLED_SYNTHETIC_DIR / case_id, folder / case_id)
    return folder


def _component(tree, component_id):
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = _component(child, component_id)
            if found is not None:
                return found
    return None


def test_the_controls_follow_the_url():
    page = layout("align=icans-onset&rank=-icu_days&filter=source:synthetic&summary=crs")
    assert _component(page, ids.COHORT_ALIGN).value == "icans-onset"
    assert _component(page, ids.COHORT_RANK).value == "-icu_days"
    assert _component(page, ids.COHORT_SUMMARY).value == "crs"
    source = _component(page, {"type": ids.COHORT_FILTER, "index": "source"})
    assert source.value == "synthetic"


def test_the_table_the_csv_and_the_command_line_agree_on_every_field(library, capsys):
    cohort, _ = LibraryIndex([library]).update()
    rows = grid_rows(select(cohort, CohortView()).cases)
    assert main(["cohort", "--cases", str(library), "--format", "csv"]) == 0
    printed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(printed) == 1 + SYNTHETIC_SHOWN
    for shown, written in zip(rows, printed, strict=True):
        as_text = {k: "" if v is None else str(v) for k, v in shown.items()}
        assert as_text == written


def test_the_page_is_served(library):
    client = create_app(library).server.test_client()
    assert client.get("/cohort?align=icans-onset").status_code == 200


def test_a_missing_library_folder_is_said_once(tmp_path):
    from components.cases.library import CaseLibrary
    from components.web.context import Services
    from components.web.pages.cohort_page import missing_folders

    library = CaseLibrary(tmp_path, tmp_path / "gone")
    said = missing_folders(Services(library, None, LibraryIndex(library.folders)))
    assert [alert.children for alert in said] == [
        f"The case folder {tmp_path / 'gone'} does not exist."
    ]


def test_filter_values_survive_the_url():
    from components.web.pages.cohort_page import view_of

    view = view_of(
        "icans-onset", "name", "icans", ["A & B+ (axi-cel)", None, "3", None, None, None]
    )
    assert view.filters == (("product", "A & B+ (axi-cel)"), ("icans", "3"))
    assert view.align == "icans-onset"


def test_the_case_selector_keeps_synthetic_cases_apart():
    from components.cases.library import Listing
    from components.web.panels.case_view import SYNTHETIC_HEADING, case_options

    listing = Listing(["real", "synthetic-001"], {})
    options = case_options(listing, None, frozenset({"synthetic-001"}))
    assert [o["label"] for o in options] == ["real", SYNTHETIC_HEADING, "synthetic-001 (synthetic)"]
    assert options[1]["disabled"] is True
