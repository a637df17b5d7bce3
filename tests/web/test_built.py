"""What a worker keeps of what it built: by the case's content and the view."""

import shutil

import pytest
from factories import SEED_CASE

from components.cases.library import CaseLibrary
from components.model.view import View
from components.web.built import BuiltViews


@pytest.fixture
def library(tmp_path) -> CaseLibrary:
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    return CaseLibrary(tmp_path)


def test_a_built_figure_is_kept_by_the_case_content_and_view(library):
    built = BuiltViews(library)
    case = library.get(SEED_CASE.name)
    view = View(SEED_CASE.name, (40, 50), ("icans", "drugs"), span=(-10, 88))
    figure = built.timeline(case, view, [])
    assert figure["data"] and built.timeline(case, view, []) is figure
    assert built.timeline(case, view.with_days((0, 10)), []) is not figure
    events = library.folder(SEED_CASE.name) / "events.csv"
    events.write_text(events.read_text() + "\n")
    assert built.timeline(library.get(SEED_CASE.name), view, []) is not figure
