"""Key intervals read from the events: small frames for each rule, then the seed case."""

from factories import event, events

from components.clinical.intervals import (
    NOT_FOUND,
    Run,
    first_improvement,
    high_grade_runs,
    key_intervals,
)

KEYS = [
    "icans_onset",
    "first_high_grade",
    "longest_high_grade_run",
    "icans_relapse",
    "icans_relapse_reported",
    "onset_to_intrathecal",
    "intrathecal_to_improvement",
    "icu_days",
    "infusion_to_death",
]


def intervals(table) -> dict:
    return {i.key: i for i in key_intervals(table)}


def test_a_case_without_the_facts_says_so_for_every_interval():
    found = key_intervals(events(event("0", "lab", "CRP", "5", unit="mg/L")))
    assert [i.key for i in found] == KEYS
    assert {(i.value, i.days, i.basis) for i in found} == {(NOT_FOUND, None, "")}
    assert all(i.how for i in found)


def test_a_day_without_a_grade_inside_a_run_is_not_recorded_not_its_end():
    table = events(
        event("7", "grade", "ICANS", "3"),
        event("8", "grade", "ICANS", "4"),
        # day 9: no grade recorded
        event("10", "grade", "ICANS", "3"),
        event("11", "grade", "ICANS", "3", end_day="13", basis="derived", detail="ASTCT rule"),
    )
    assert high_grade_runs(table) == [Run(7, 13, (9,))]
    assert high_grade_runs(table, reported_only=True) == [Run(7, 10, (9,))]
    run = intervals(table)["longest_high_grade_run"]
    assert (run.days, run.span, run.basis) == (7, (7, 13), "derived")
    assert run.value == "7 days (days 7–13, day 9 not recorded)"
    assert "reported grades only: 4 days, days 7–10, day 9 not recorded" in run.how


def test_three_days_without_a_grade_end_a_run():
    table = events(event("7", "grade", "ICANS", "3"), event("11", "grade", "ICANS", "3"))
    assert high_grade_runs(table) == [Run(7, 7), Run(11, 11)]


def test_a_grade_below_3_ends_a_run():
    table = events(
        event("7", "grade", "ICANS", "3"),
        event("8", "grade", "ICANS", "2"),
        event("9", "grade", "ICANS", "3"),
    )
    assert high_grade_runs(table) == [Run(7, 7), Run(9, 9)]


def test_onset_first_high_grade_and_relapse():
    table = events(
        event("2", "grade", "ICANS", "1"),
        event("4", "grade", "ICANS", "3"),
        event("6", "grade", "ICANS", "1"),
        event("9", "grade", "ICANS", "2"),
    )
    found = intervals(table)
    assert (found["icans_onset"].days, found["icans_onset"].value) == (2, "day 2")
    assert found["first_high_grade"].value == "day 4, 2 days after onset"
    assert found["icans_relapse"].days == 9
    assert "grade 1 on day 6, then grade 2 from day 9" in found["icans_relapse"].how
    assert found["icans_relapse_reported"].days == 9


def test_onset_to_intrathecal_counts_from_onset_to_the_first_it_day():
    table = events(
        event("3", "grade", "ICANS", "1"),
        event("20", "drug", "Methotrexate", "12", unit="mg", route="IT", frequency="once"),
        event("25", "drug", "Methotrexate", "12", unit="mg", route="IT", frequency="once"),
        event("10", "drug", "Dexamethasone", "10", unit="mg", route="IV", frequency="once"),
    )
    found = intervals(table)["onset_to_intrathecal"]
    assert (found.days, found.span, found.basis) == (17, (3, 20), "reported")


def test_improvement_is_the_first_later_score_above_the_last_one_before():
    table = events(
        event("10", "score", "GCS", "9", value_max="11"),
        event("12", "score", "GCS", "6"),
        event("12", "drug", "Cytarabine", "40", unit="mg", route="IT", frequency="once"),
        event("13", "score", "GCS", "6"),  # not higher: no improvement yet
        event("14", "score", "ICE", "3"),  # no ICE before the IT day: no baseline
        event("16", "score", "GCS", "7", value_max="9"),
    )
    found = first_improvement(table, 12)
    assert (found.item, found.day) == ("GCS", 16)
    interval = intervals(table)["intrathecal_to_improvement"]
    assert (interval.days, interval.span) == (4, (12, 16))
    assert "Baseline GCS 6 on day 12" in interval.how


def test_a_range_improves_only_when_all_of_it_is_above_the_baseline():
    table = events(
        event("5", "score", "ICE", "2", value_max="4"),
        event("6", "score", "ICE", "3", value_max="6"),  # overlaps 2-4: not clearly better
        event("7", "score", "ICE", "5"),
    )
    assert first_improvement(table, 5).day == 7


def test_relapse_from_reported_grades_beside_the_first_one_the_findings_support():
    table = events(
        event("3", "grade", "ICANS", "3"),
        event("5", "grade", "ICANS", "1"),
        event("8", "score", "ICE", "1"),  # derived grade 3
        event("20", "grade", "ICANS", "4"),
    )
    found = intervals(table)
    first, stated = found["icans_relapse"], found["icans_relapse_reported"]
    assert (first.days, first.basis) == (8, "derived")
    assert "at least grade 3 from day 8" in first.how
    assert (stated.days, stated.basis) == (20, "reported")
    assert "grade 1 on day 5, then grade 4 from day 20" in stated.how


def test_icu_days_count_each_day_once():
    table = events(
        event("5", "status", "ICU stay", end_day="12"),
        event("10", "status", "ICU stay", end_day="14"),  # overlaps the first stay
        event("30", "status", "ICU stay"),
    )
    icu = intervals(table)["icu_days"]
    assert icu.days == 11  # days 5-14 and day 30
    assert "calendar days, admission and discharge days included" in icu.how


def test_death_is_counted_from_infusion():
    table = events(event("61", "outcome", "Death", source="Text"))
    death = intervals(table)["infusion_to_death"]
    assert (death.days, death.value, death.span) == (61, "61 days", (0, 61))


# ---------------------------------------------------------------------------------------------
# The seed case (van Nijendaal et al. 2026, Table 1 and text).


def test_seed_intervals(seed_events):
    found = intervals(seed_events)
    # Table 1, day 3: dysgraphia, grade 1 ICANS
    assert (found["icans_onset"].days, found["icans_onset"].basis) == (3, "reported")
    # Table 1, day 7: aphasia, bradyphrenia, grade 3 ICANS
    assert found["first_high_grade"].days == 7
    # Days 15-19: ICE 0-1 gives a derived grade 3 on each day; reported grade 3 on days 7, 8
    # and 10, with day 9 not recorded (no grade in Table 1), not the end of the run
    run = found["longest_high_grade_run"]
    assert (run.days, run.span, run.basis) == (5, (15, 19), "derived")
    assert "reported grades only: 4 days, days 7–10, day 9 not recorded" in run.how
    # Grade 1 on days 12-13, then the derived grade 3 of days 15-19 ...
    assert (found["icans_relapse"].days, found["icans_relapse"].basis) == (15, "derived")
    # ... and the relapse the paper reports: grade 1 on day 12, grade 4 on day 41
    relapse = found["icans_relapse_reported"]
    assert (relapse.days, relapse.basis) == (41, "reported")
    # Onset day 3 to IT MTX/Ara-C/HC on day 45: the paper's "42 days after initial symptoms"
    assert found["onset_to_intrathecal"].days == 45 - 3 == 42
    # Table 1, day 45: GCS E1M3V1 = 5; day 47: E3M4Vtube, 8 with V1 counted (derived)
    improvement = found["intrathecal_to_improvement"]
    assert (improvement.days, improvement.span, improvement.basis) == (2, (45, 47), "derived")
    # ICU days 5-12 (8 days) and 15-74 (60 days)
    assert found["icu_days"].days == 8 + 60
    # Text: died on day 88
    assert found["infusion_to_death"].days == 88
