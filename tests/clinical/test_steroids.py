"""Corticosteroid exposure in dexamethasone equivalents: small frames, then the seed case."""

import pytest
from factories import event, events

from components.clinical.steroids import (
    EQUIVALENCE_SOURCE,
    EQUIVALENT_DOSE_MG,
    dexamethasone_equivalent_mg,
    steroid_exposure,
)
from components.model.drugs import CORTICOSTEROID, DRUG_CLASS_OF


def dose(day, item, value, **cells):
    return event(day, "drug", item, value, unit=cells.pop("unit", "mg"), **cells)


def by_day(exposure) -> dict[int, float]:
    daily = exposure.daily
    return dict(zip(daily["day"], daily["dex_eq_mg"], strict=True))


def test_equivalence_follows_the_standard_table():
    assert dexamethasone_equivalent_mg("Methylprednisolone", 1000) == 187.5  # 1000 x 0.75 / 4
    assert dexamethasone_equivalent_mg("prednisone", 50) == 7.5  # 50 x 0.75 / 5
    assert dexamethasone_equivalent_mg("Hydrocortisone", 20) == 0.75
    assert dexamethasone_equivalent_mg("Dexamethasone", 12) == 12
    assert "Allergy Asthma Clin Immunol 2013;9:30" in EQUIVALENCE_SOURCE


def test_every_corticosteroid_the_drug_lane_knows_has_an_equivalence():
    steroids = {name for name, kind in DRUG_CLASS_OF.items() if kind == CORTICOSTEROID}
    assert steroids <= set(EQUIVALENT_DOSE_MG)


def test_frequency_multiplies_the_dose():
    exposure = steroid_exposure(
        events(
            dose("5", "Dexamethasone", "10", frequency="QID"),
            dose("6", "Dexamethasone", "10", frequency="TID"),
            dose("7", "Dexamethasone", "10", frequency="BID"),
            dose("8", "Dexamethasone", "10", frequency="daily"),
        )
    )
    assert by_day(exposure) == {5: 40, 6: 30, 7: 20, 8: 10}
    # Each day is continued by the next row; only day 8's daily dose stops in the record.
    assert [a.day for a in exposure.assumptions] == [8]
    assert exposure.daily["documented_minimum"].tolist() == [False, False, False, True]


def test_a_daily_span_counts_every_day():
    exposure = steroid_exposure(
        events(dose("7", "Methylprednisolone", "1000", end_day="9", frequency="daily"))
    )
    assert by_day(exposure) == {7: 187.5, 8: 187.5, 9: 187.5}
    assert exposure.cumulative_mg == 562.5
    assert exposure.assumptions == ()
    assert not exposure.documented_minimum


def test_grams_are_read_as_milligrams():
    exposure = steroid_exposure(
        events(dose("7", "Methylprednisolone", "1", unit="g", frequency="once"))
    )
    assert exposure.cumulative_mg == 187.5


def test_unknown_frequency_counts_once_on_the_first_day_as_a_documented_minimum():
    exposure = steroid_exposure(
        events(dose("1", "Dexamethasone", "10", end_day="2", source="Table 1, days 1-2"))
    )
    assert by_day(exposure) == {1: 10}
    (assumption,) = exposure.assumptions
    assert assumption.minimum
    assert (assumption.day, assumption.end_day) == (1, 2)
    assert str(assumption).startswith("Dexamethasone 10 mg, days 1–2 (Table 1, days 1-2): ")
    assert "frequency not stated" in assumption.assumed
    assert "day 1, the first day of the span" in assumption.assumed
    assert exposure.documented_minimum


def test_a_taper_counts_its_starting_dose_once():
    exposure = steroid_exposure(
        events(dose("49", "Dexamethasone", "10", end_day="88", frequency="taper"))
    )
    assert by_day(exposure) == {49: 10}
    (assumption,) = exposure.assumptions
    assert assumption.minimum and "starting dose" in assumption.assumed


def test_a_dose_that_cannot_be_read_is_not_counted_and_said_so():
    exposure = steroid_exposure(
        events(
            dose("3", "Dexamethasone", "", unit="", frequency="daily"),
            dose("4", "Methylprednisolone", "2", unit="mg/kg", frequency="once"),
            dose("5", "Dexamethasone", "8", frequency="once"),
        )
    )
    assert exposure.cumulative_mg == 8
    assert [(a.day, a.minimum) for a in exposure.assumptions] == [(3, True), (4, True)]
    assert "dose not stated" in exposure.assumptions[0].assumed
    assert "'mg/kg'" in exposure.assumptions[1].assumed


def test_intrathecal_hydrocortisone_is_kept_apart():
    exposure = steroid_exposure(
        events(
            dose("45", "Hydrocortisone", "20", route="IT", frequency="once"),
            dose("45", "Hydrocortisone", "100", route="IV", frequency="once"),
            dose("45", "Methotrexate", "15", route="IT", frequency="once"),
        )
    )
    assert exposure.cumulative_mg == 3.75  # only the 100 mg IV: 100 x 0.75 / 20
    assert exposure.intrathecal["item"].tolist() == ["Hydrocortisone"]
    assert exposure.intrathecal["value"].tolist() == [20]
    assert set(exposure.doses["route"]) == {"IV"}


def test_a_derived_dosing_span_is_named_as_an_assumption():
    exposure = steroid_exposure(
        events(
            dose(
                "2",
                "Prednisone",
                "50",
                end_day="3",
                frequency="daily",
                basis="derived",
                detail="Assumed continued until the stop on day 4",
            )
        )
    )
    assert by_day(exposure) == {2: 7.5, 3: 7.5}
    (assumption,) = exposure.assumptions
    assert "Assumed continued until the stop on day 4" in assumption.assumed
    assert not assumption.minimum


def test_a_day_range_keeps_earlier_doses_in_the_running_sum():
    table = events(
        dose("1", "Dexamethasone", "10"),  # frequency not stated: an assumption
        dose("7", "Methylprednisolone", "1000", end_day="9", frequency="daily"),
        dose("30", "Dexamethasone", "4", frequency="once"),
        dose("40", "Prednisone", "5", frequency="taper"),  # after the range
    )
    exposure = steroid_exposure(table, (8, 20))
    assert exposure.daily["day"].tolist() == list(range(8, 21))
    assert exposure.in_range_mg == 375  # days 8 and 9: 2 x 187.5
    assert exposure.cumulative_mg == 572.5  # 10 (day 1) + 3 x 187.5 (days 7-9)
    assert exposure.daily.set_index("day").loc[8, "cumulative_mg"] == 385  # 10 + 187.5 x 2
    assert exposure.daily["cumulative_minimum"].all()  # day 1 may undercount
    assert [a.day for a in exposure.assumptions] == [1]
    assert sorted(set(exposure.doses["dose_day"])) == [8, 9]


def test_no_corticosteroid_gives_an_empty_exposure():
    exposure = steroid_exposure(events(dose("1", "Tocilizumab", "600", frequency="once")))
    assert exposure.daily.empty and exposure.doses.empty
    assert exposure.cumulative_mg == 0


# ---------------------------------------------------------------------------------------------
# The seed case (van Nijendaal et al. 2026, Table 1).


def test_seed_daily_doses(seed_events):
    daily = by_day(steroid_exposure(seed_events))
    assert daily[5] == 40  # Table 1, day 5: DEX 10 mg four times daily
    assert daily[7] == daily[8] == daily[9] == 187.5  # day 7: MPS 1,000 mg daily for 3 days
    assert daily[41] + daily[42] + daily[43] == 562.5  # day 41: MPS 1,000 mg daily, 3 days


def test_seed_total_is_a_documented_minimum(seed_events):
    exposure = steroid_exposure(seed_events)
    expected = (
        40  # Table 1, days -10 to -6: DEX 40 mg with lymphodepletion, frequency not stated
        + 10  # day 0: prophylactic DEX 10 mg
        + 10  # days 1-2: prophylactic DEX 10 mg, frequency not stated, counted once
        + 10  # day 3: DEX 10 mg
        + 4 * 10  # day 5: DEX 10 mg four times daily
        + 3 * 1000 * 0.75 / 4  # day 7: MPS 1,000 mg daily for three days
        + 40  # day 10: DEX 40 mg daily, dated to day 10 only
        + 3 * 1000 * 0.75 / 4  # day 41: MPS 1,000 mg daily for three days
        + 10  # day 74 (in the days 49-88 row): DEX tapered from 10 mg/day, starting dose once
    )
    assert expected == 1285
    assert exposure.cumulative_mg == pytest.approx(expected)
    assert exposure.documented_minimum
    assert [(a.day, a.end_day) for a in exposure.assumptions] == [
        (-10, -6),
        (0, None),
        (1, 2),
        (3, None),
        (5, None),
        (10, None),
        (74, None),
    ]
    assert all(a.source.startswith("Table 1") for a in exposure.assumptions)


def test_seed_intrathecal_hydrocortisone_is_not_added(seed_events):
    exposure = steroid_exposure(seed_events)
    # Table 1, days 45 and 47: IT MTX 15 mg, Ara C 40 mg, HC 20 mg
    assert exposure.intrathecal["day"].tolist() == [45, 47]
    assert exposure.intrathecal["value"].tolist() == [20, 20]
    assert 45 not in set(exposure.doses["dose_day"])
    assert exposure.daily.set_index("day").loc[45, "dex_eq_mg"] == 0


def test_a_dose_continued_after_the_range_is_not_an_assumption():
    table = events(
        dose("10", "Dexamethasone", "40", frequency="daily"),
        dose("11", "Dexamethasone", "40", end_day="14", frequency="daily"),
    )
    exposure = steroid_exposure(table, (5, 10))
    assert exposure.assumptions == ()
    assert exposure.cumulative_mg == 40
