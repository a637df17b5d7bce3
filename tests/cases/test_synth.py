"""The synthetic case generator: seeded, marked synthetic, internally consistent, and following
the ZUMA-1 rates it names."""

import pandas as pd
import pytest

from components.cases.case import load_case
from components.cases.synth import synthetic_case, write_synthetic_cases
from components.clinical.cohort import event_fields
from components.clinical.grading import grade_check

COHORT = 1000


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    return write_synthetic_cases(out, 6, seed=11)


def test_the_same_seed_and_number_give_the_same_case_whatever_the_count():
    first = synthetic_case(3, seed=5)[1]
    assert first.equals(synthetic_case(3, seed=5)[1])
    assert not first.equals(synthetic_case(3, seed=6)[1])


def test_cases_say_they_are_synthetic(written):
    case = load_case(written[1])
    assert case.case_id == "synthetic-002"
    assert case.info.synthetic is True
    assert case.info.title == "Synthetic case 002"
    assert "Not a patient" in case.info.summary


def test_every_case_validates_and_the_grade_check_finds_no_disagreement(written):
    for folder in written:
        events = load_case(folder).events
        verdicts = set(grade_check(events)["check"])
        assert not verdicts & {"unconfirmed", "disagrees"}, folder.name


def test_treatments_follow_the_grades(written):
    for folder in written:
        events = load_case(folder).events
        grades = events[(events["category"] == "grade") & (events["basis"] == "reported")]
        drugs = events[events["category"] == "drug"]
        for item, syndrome in (("Tocilizumab", "CRS"), ("Dexamethasone", "ICANS")):
            for day in drugs.loc[drugs["item"] == item, "day"]:
                on_day = grades[(grades["item"] == syndrome) & (grades["day"] == day)]
                assert on_day["value"].max() >= 2, (folder.name, item, day)
        fever_days = set(
            events.loc[(events["item"] == "Temperature") & (events["value"] >= 38), "day"]
        )
        crs_days = set(grades.loc[(grades["item"] == "CRS") & (grades["value"] >= 1), "day"])
        assert fever_days == crs_days, folder.name


def test_rates_follow_zuma_1():
    rows = []
    for number in range(1, COHORT + 1):
        events = synthetic_case(number, seed=2017)[1]
        grades = events[events["category"] == "grade"]
        graded = grades[grades["value"] >= 1]
        items = set(events["item"])
        rows.append(
            {
                "crs": max([0, *grades.loc[grades["item"] == "CRS", "value"]]),
                "icans": max([0, *grades.loc[grades["item"] == "ICANS", "value"]]),
                "tocilizumab": "Tocilizumab" in items,
                "steroid": bool(items & {"Dexamethasone", "Methylprednisolone"}),
                "crs_onset": graded.loc[graded["item"] == "CRS", "day"].min(),
                "icans_onset": graded.loc[graded["item"] == "ICANS", "day"].min(),
            }
        )
    cohort = pd.DataFrame(rows)
    # Neelapu et al. 2017: CRS 93% (grade >=3 13%), neurological events 64% (grade >=3 28%),
    # tocilizumab 43%, corticosteroids 27%. 1,000 draws: within 4 percentage points.
    assert (cohort["crs"] >= 1).mean() == pytest.approx(0.93, abs=0.04)
    assert (cohort["crs"] >= 3).mean() == pytest.approx(0.13, abs=0.04)
    assert (cohort["icans"] >= 1).mean() == pytest.approx(0.64, abs=0.04)
    assert (cohort["icans"] >= 3).mean() == pytest.approx(0.28, abs=0.04)
    assert cohort["tocilizumab"].mean() == pytest.approx(0.43, abs=0.04)
    assert cohort["steroid"].mean() == pytest.approx(0.27, abs=0.04)
    # Median onset: CRS day 2, neurological events day 5.
    assert cohort["crs_onset"].median() == 2
    assert cohort["icans_onset"].median() == 5


def test_onsets_are_within_the_papers_ranges(written):
    onsets = pd.DataFrame([event_fields(load_case(f).events) for f in written])
    assert onsets["crs_onset_day"].dropna().between(1, 12).all()
    assert onsets["icans_onset_day"].dropna().between(1, 17).all()
