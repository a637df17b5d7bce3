"""The lane registry carries everything about a lane: a new lane is one builder and one entry."""

import plotly.graph_objects as go
import pytest
from factories import event, events

from components.figures.lanes.lane import Axis, Lane
from components.figures.lanes.registry import (
    LANE_SPECS,
    LANES,
    LaneSpec,
    chosen_keys,
    deck_groups,
    lane_keys,
    overview_keys,
)
from components.figures.theme import SCREEN_THEME
from components.figures.timeline.figure import build_timeline
from components.model.columns import Col


def platelet_rows(table):
    return table[table[Col.ITEM] == "Platelets"]


def platelet_lane(table, theme):
    rows = platelet_rows(table)
    if rows.empty:
        return None
    trace = go.Scatter(x=rows[Col.DAY].to_numpy(float), y=rows[Col.VALUE], name="Platelets")
    return Lane(traces=(trace,), y=Axis("10^9/L"), height=theme.chart_lane_height)


WITH_PLATELETS = {
    **LANES,
    "platelets": LaneSpec("platelets", "Platelets", platelet_lane, platelet_rows, "Blood counts"),
}


@pytest.fixture
def case_with_platelets():
    return events(
        event("0", "drug", "Axicabtagene ciloleucel", route="IV"),
        event("3", "grade", "ICANS", "1"),
        event("4", "lab", "Platelets", "45", unit="10^9/L"),
    )


def test_a_registry_with_an_extra_lane_carries_it_everywhere(case_with_platelets):
    # Platelets are a lab beyond CRP and ferritin: a strip of the other labs too.
    expected = ["icans", "more-labs", "drugs", "platelets"]
    assert lane_keys(case_with_platelets, WITH_PLATELETS) == expected
    assert deck_groups(WITH_PLATELETS)["Blood counts"] == ("platelets",)
    figure = build_timeline(case_with_platelets, registry=WITH_PLATELETS)
    assert figure.layout.meta["lanes"] == expected
    assert "Platelets" in [trace.name for trace in figure.data]
    assert chosen_keys(["platelets", "icans"], WITH_PLATELETS) == ["platelets", "icans"]


def test_the_builder_never_types_its_key_or_title(case_with_platelets):
    built = WITH_PLATELETS["platelets"].build_lane(case_with_platelets, SCREEN_THEME)
    assert (built.key, built.title) == ("platelets", "Platelets")


def test_has_data_agrees_with_the_builder(seed_events, case_with_platelets):
    for table in (seed_events, case_with_platelets, seed_events[seed_events[Col.DAY] > 60]):
        for spec in LANE_SPECS:
            built = spec.build_lane(table, SCREEN_THEME)
            assert spec.has_data(table) == (built is not None), spec.key


def test_every_lane_has_a_deck_slide_and_the_overview_fits_a_slide():
    assert sorted(k for keys in deck_groups().values() for k in keys) == sorted(LANES)
    assert overview_keys() == ("icans", "neuro", "drugs")


def test_an_unknown_lane_is_named():
    with pytest.raises(ValueError, match="kidneys"):
        chosen_keys(["icans", "kidneys"])
