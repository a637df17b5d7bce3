"""Per-day series: every number of a range, sliced from them, is the number the range functions
give (`headline_numbers`, `steroid_exposure`), on small frames and on every range of the seed
case, so the browser, which only slices, shows what the clinical rules say."""

import pytest
from factories import event, events

from components.clinical.daily import daily_series, numbers_in_range
from components.clinical.phases import case_day_span, headline_numbers
from components.clinical.steroids import steroid_exposure


def expected(frame, days) -> dict:
    """What the range functions say about a range, in the terms of `RangeNumbers`."""
    peak, high, icu, _ = headline_numbers(frame, days)
    exposure = steroid_exposure(frame, days)
    reported = int(high.note.split(" reported")[0])
    return {
        "peak": peak.value,
        "peak_note": peak.note,
        "high_days": int(high.value),
        "high_reported_days": reported,
        "icu_days": int(icu.value),
        "steroid_mg": pytest.approx(exposure.in_range_mg),
        "cumulative_mg": pytest.approx(exposure.cumulative_mg),
        "documented_minimum": exposure.documented_minimum,
        "any_dose": len(exposure.doses) > 0,
        "intrathecal": len(exposure.intrathecal),
        "assumptions": tuple(str(a) for a in exposure.assumptions),
    }


def sliced(series, days) -> dict:
    """The same, from the series, worded as the browser words it (assets/timeline.js)."""
    n = numbers_in_range(series, days)
    if n.peak_icans is None:
        peak, note = "–", "no ICANS grade in range"
    else:
        peak = f"{'≥' if n.peak_derived_only else ''}{n.peak_icans}"
        note = f"first on day {n.peak_first_day}" + (
            " (derived, a lower bound)" if n.peak_derived_only else ""
        )
    return {
        "peak": peak,
        "peak_note": note,
        "high_days": n.high_days,
        "high_reported_days": n.high_reported_days,
        "icu_days": n.icu_days,
        "steroid_mg": n.steroid_mg,
        "cumulative_mg": n.cumulative_mg,
        "documented_minimum": n.documented_minimum,
        "any_dose": n.steroid_doses > 0,
        "intrathecal": n.intrathecal,
        "assumptions": n.assumptions,
    }


@pytest.fixture
def small():
    return events(
        event(1, "grade", "ICANS", 1, end_day=2),
        event(3, "grade", "ICANS", 3, end_day=4),
        event(6, "grade", "ICANS", 4, basis="derived", detail="from GCS"),
        event(2, "status", "ICU stay", end_day=5),
        event(2, "drug", "Dexamethasone", 10, unit="mg", frequency="QID", end_day=3),
        event(5, "drug", "Methylprednisolone", 1000, unit="mg", frequency="daily"),
        event(6, "drug", "Hydrocortisone", 50, unit="mg", route="IT", frequency="once"),
    )


def test_a_small_case_sliced_gives_what_the_range_functions_give(small):
    series = daily_series(small)
    for days in [(0, 10), (1, 1), (3, 4), (5, 6), (6, 6), (7, 10), (2, 3)]:
        assert sliced(series, days) == expected(small, days), days


def test_the_series_hold_days_not_whole_ranges(small):
    series = daily_series(small)
    assert series["high_days"] == [3, 4, 6]
    assert series["high_reported_days"] == [3, 4]
    assert series["icu_days"] == [2, 3, 4, 5]
    # QID dexamethasone 10 mg on days 2 and 3: 40 mg a day; methylprednisolone 1000 mg on day 5
    # only (dated to one day, not continued): 187.5 mg and a documented minimum.
    assert series["dose_days"] == [[2, 40.0, False], [3, 40.0, False], [5, 187.5, True]]
    assert series["intrathecal_days"] == [6]


def test_every_range_of_the_seed_case_sliced_gives_what_the_range_functions_give(seed_events):
    series = daily_series(seed_events)
    first, last = case_day_span(seed_events)
    ends = sorted({*range(first, last + 1, 6), first, last, 41, 45})
    for a in ends:
        for b in (e for e in ends if e >= a):
            assert sliced(series, (a, b)) == expected(seed_events, (a, b)), (a, b)
