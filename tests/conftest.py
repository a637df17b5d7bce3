"""Fixtures shared by the figure tests (lanes, timeline)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.case import load_case

SEED_CASE = Path(__file__).resolve().parent.parent / "data" / "cases" / "axicel-relapsing-icans"


@pytest.fixture(scope="session")
def seed_events() -> pd.DataFrame:
    """The bundled case's event table, as the loader returns it (derived grades included)."""
    return load_case(SEED_CASE).events
