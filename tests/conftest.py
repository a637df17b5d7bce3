"""Fixtures shared by the figure tests (lanes, timeline)."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import SEED_CASE

from components.cases.case import load_case


@pytest.fixture(scope="session")
def seed_events() -> pd.DataFrame:
    """The bundled case's event table, as the loader returns it (derived grades included)."""
    return load_case(SEED_CASE).events
