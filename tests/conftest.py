"""Fixtures shared by every test, and the test groups: `browser` for every test under
`tests/browser/` (by folder, not by a word in the path), and the process guard, which fails a
test that starts another program without a `browser`, `server` or `slow` mark."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from factories import SEED_CASE, small_cohort
from support.process_guard import (  # noqa: F401 (hooks pytest finds in this module)
    pytest_configure,
    pytest_fixture_setup,
    pytest_runtest_makereport,
    pytest_runtest_protocol,
    pytest_unconfigure,
)

from components.cases.case import load_case


@pytest.fixture(scope="session")
def seed_events() -> pd.DataFrame:
    """The bundled case's event table, as the loader returns it (derived grades included)."""
    return load_case(SEED_CASE).events


@pytest.fixture(scope="session")
def renderer():
    """One warm export browser (Kaleido's Chromium) for every test that renders a file."""
    from components.export.renderer import FigureRenderer

    renderer = FigureRenderer()
    yield renderer
    renderer.stop()


@pytest.fixture(scope="module")
def cohort():
    """A small cohort built in code (`factories.small_cohort`)."""
    return small_cohort()


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
        if "renderer" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
