"""The presenter view's steps and lanes, from the events."""

from components.cases.notes import Note
from components.figures.timeline.presenter import presenter_lanes, presenter_parts, presenter_steps


def test_steps_are_the_presets_then_the_key_intervals_each_range_once(seed_events):
    steps = presenter_steps(seed_events, [Note(45, "first IT dose", "drugs"), Note(60, "later")])
    labels = [s.label for s in steps]
    assert labels[:2] == ["Whole course", "Pre-infusion"]
    assert len({s.days for s in steps}) == len(steps)
    (window,) = [s for s in steps if s.days == (40, 52)]
    assert window.caption.startswith("Days 40 to 52:")
    assert window.notes == ("Day 45 (Drugs): first IT dose",)
    # The key interval from ICANS onset to intrathecal therapy: days 3 to 45.
    assert (3, 45) in {s.days for s in steps}


def test_lanes_default_to_the_overview_and_keep_only_those_with_data(seed_events):
    assert presenter_lanes(seed_events, None) == ["icans", "neuro", "drugs"]
    assert presenter_lanes(seed_events, ["drugs", "nope"]) == ["drugs"]


def test_lanes_of_a_step_are_those_with_data_in_its_days(seed_events):
    # Before infusion only the lymphodepleting drugs are recorded.
    assert presenter_lanes(seed_events, None, (-10, -1)) == ["drugs"]
    assert presenter_lanes(seed_events, ["icans", "drugs"], (-10, -1)) == ["drugs"]


def drug_rows(figure) -> list[str]:
    axis = figure.layout.meta["lane_axes"]["drugs"].replace("y", "yaxis")
    return list(figure.layout[axis].categoryarray)


def test_a_step_draws_only_its_days_and_splits_lanes_that_do_not_fit(seed_events):
    lanes = ["icans", "neuro", "drugs"]
    (whole,) = presenter_parts(seed_events, lanes, (40, 50), [], (1920, 1400))
    assert whole.layout.meta["lanes"] == lanes
    assert "Methotrexate IT" in drug_rows(whole)
    assert "Cyclophosphamide" not in drug_rows(whole)  # given on days -5 to -3
    parts = presenter_parts(seed_events, lanes, (-10, 88), [], (1366, 618))
    assert len(parts) > 1
    assert [key for part in parts for key in part.layout.meta["lanes"]] == lanes
    assert parts[0].layout.title.text == f"Part 1 of {len(parts)}"
    assert "in the other part" in parts[0].layout.annotations[-1].text
