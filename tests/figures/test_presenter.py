"""The presenter view's steps and lanes, from the events."""

from components.cases.notes import Note
from components.figures.presenter import presenter_lanes, presenter_steps


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
