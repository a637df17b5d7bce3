from factories import SEED_CASE, event, events

from components.cases.case import load_case
from components.figures.timeline.caption import range_caption


def test_seed_intrathecal_window_caption():
    assert range_caption(load_case(SEED_CASE).events, (40, 50)) == (
        "Days 40 to 50: ICANS grade 4 on day 41 (derived on day 45); "
        "intrathecal chemotherapy on days 45 and 47; GCS from 3 (day 41) to 11 (days 49–88)."
    )


def test_a_peak_resting_only_on_derived_grades_says_at_least():
    table = events(event("2", "score", "ICE", "1"), event("4", "score", "ICE", "8"))
    assert range_caption(table, (0, 5)) == (
        "Days 0 to 5: ICANS grade at least 3 on day 2 (derived); ICE from 1 (day 2) to 8 (day 4)."
    )


def test_an_empty_range_says_so():
    table = events(event("2", "lab", "CRP", "5", unit="mg/L"))
    assert range_caption(table, (10, 20)) == "Days 10 to 20: no graded toxicity or scores recorded."
