"""Synthetic cases for demonstration and scale: seeded, documented, and marked synthetic.

`case-timeline synth --cases N --seed S --out DIR` writes N case folders `synthetic-001` ...
in the case format, each with `synthetic = true` in its `case.toml` and the title
"Synthetic case 001". The same seed and number always give the same case, whatever N is.
They are not patients. Their courses follow the axi-cel cohort of ZUMA-1 (Neelapu SS et al.,
N Engl J Med 2017;377:2531-44) where that paper gives a figure, and the generator's own choices
where it does not; both are listed here:

From ZUMA-1 (per case, drawn independently):
- CRS of any grade in 93%, grade 3 or more in 13%; onset median day 2 (range 1-12), duration
  median 8 days.
- Neurological events of any grade in 64%, grade 3 or more in 28%; onset median day 5 (range
  1-17), duration median 17 days. ZUMA-1 graded them by CTCAE; here they are ICANS grades.
- Tocilizumab in 43%, corticosteroids in 27%; lymphodepletion with cyclophosphamide 500 mg/m2
  and fludarabine 30 mg/m2 on days -5 to -3; death from an adverse event in 3%.

The generator's choices (not from ZUMA-1):
- Grades 1 and 2 are equally likely among the milder cases (CRS 40% each; ICANS 18% each);
  grade 4 is 3% of CRS and 4% of ICANS. Onset and duration are log-normal around the medians,
  clipped to the ranges. Each episode rises a grade a day to its peak, stays, and falls.
- Tocilizumab (8 mg/kg IV, a second dose on the next CRS day when the peak is 3 or more) only
  for CRS of grade 2 or more; corticosteroids only for ICANS of grade 2 or more
  (dexamethasone 10 mg IV QID for up to 3 days; methylprednisolone 1,000 mg IV daily for 3
  days at grade 4). An ICU stay covers the days at grade 3 or more, plus one.
- Follow-up ends on day 28, or 3 days after the last toxicity, whichever is later.

Every day is internally consistent, so `case-timeline validate` finds no problem and the grade
check no disagreement: fever on every CRS day (and none on other days), hypotension at CRS grade
2, one vasopressor at grade 3 and two at grade 4; an ICE score that gives the day's ICANS grade
(10 on days without ICANS), with GCS eye response E1 at grade 4. A grade 0 row marks the day each
syndrome resolves.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.cases.case import CASE_FILE_NAME, CaseInfo, Reference, case_toml
from components.model.csv_text import csv_text
from components.model.schema import EVENT_COLUMNS, Col

ZUMA_1 = Reference(
    citation="Rates from Neelapu SS, Locke FL, Bartlett NL, et al. Axicabtagene ciloleucel CAR "
    "T-cell therapy in refractory large B-cell lymphoma. N Engl J Med 2017;377:2531-44 "
    "(ZUMA-1). The case itself is generated, not a patient.",
    doi="10.1056/NEJMoa1707447",
)
PRODUCT = "Axicabtagene ciloleucel (axi-cel)"
FOLLOW_UP_DAYS = 28
#: Grade probabilities, grade 0 to 4 (module docstring).
CRS_GRADES = (0.07, 0.40, 0.40, 0.10, 0.03)
ICANS_GRADES = (0.36, 0.18, 0.18, 0.24, 0.04)
TOCILIZUMAB_RATE = 0.43
CORTICOSTEROID_RATE = 0.27
DEATH_RATE = 0.03


@dataclass(frozen=True)
class Course:
    """A drawn episode: onset day and a grade for each day from it."""

    onset: int
    grades: tuple[int, ...]

    @property
    def days(self) -> range:
        return range(self.onset, self.onset + len(self.grades))

    def grade_on(self, day: int) -> int:
        return self.grades[day - self.onset] if day in self.days else 0


def case_id(number: int) -> str:
    return f"synthetic-{number:03d}"


def _draw(rng: random.Random, median: float, low: int, high: int) -> int:
    return min(high, max(low, round(median * math.exp(rng.gauss(0, 0.5)))))


def _grade(rng: random.Random, probabilities: tuple[float, ...]) -> int:
    return rng.choices(range(len(probabilities)), weights=probabilities)[0]


def _course(rng: random.Random, peak: int, onset: tuple[float, int, int], length: tuple) -> Course:
    if peak == 0:
        return Course(0, ())
    days = max(_draw(rng, *length), 2 * peak - 1)
    rise = list(range(1, peak + 1))
    fall = list(range(peak - 1, 0, -1))
    plateau = [peak] * (days - len(rise) - len(fall))
    return Course(_draw(rng, *onset), tuple(rise + plateau + fall))


def _conditional(rate: float, eligible: float) -> float:
    """P(given | eligible) so that the overall rate is `rate`."""
    return min(1.0, rate / eligible)


class _Rows:
    """The rows of one case, each with the case's source text."""

    def __init__(self, source: str):
        self.source, self.rows = source, []

    def add(self, day: int, category: str, item: str, **cells) -> None:
        self.rows.append(
            dict.fromkeys(EVENT_COLUMNS, "")
            | {Col.DAY: day, Col.CATEGORY: category, Col.ITEM: item, Col.SOURCE: self.source}
            | {Col.BASIS: "reported"}
            | cells
        )

    def drug(self, day: int, item: str, dose, unit: str, frequency: str, **cells) -> None:
        self.add(day, "drug", item, value=dose, unit=unit, route="IV", frequency=frequency, **cells)


def _crs_day(rows: _Rows, rng: random.Random, day: int, grade: int) -> None:
    fever = grade > 0
    temperature = round(rng.uniform(38.1, 39.8) if fever else rng.uniform(36.4, 37.4), 1)
    rows.add(day, "vital", "Temperature", value=temperature, unit="°C")
    if grade >= 2:
        rows.add(day, "vital", "Systolic blood pressure", value=rng.randint(76, 88), unit="mmHg")
    for item in ("Norepinephrine", "Epinephrine")[: max(0, grade - 2)]:
        rows.drug(day, item, "", "", "continuous", detail="Vasopressor for CRS")


def _icans_day(rows: _Rows, rng: random.Random, day: int, grade: int) -> None:
    ice = {0: 10, 1: rng.randint(7, 9), 2: rng.randint(3, 6)}.get(grade, rng.randint(0, 2))
    rows.add(day, "score", "ICE", value=0 if grade == 4 else ice)
    if grade == 4:
        rows.add(day, "score", "GCS", value=6, detail="E1M4V1")


def _treatments(rows: _Rows, rng: random.Random, crs: Course, icans: Course) -> None:
    high_crs = [d for d in crs.days if crs.grade_on(d) >= 2]
    if high_crs and rng.random() < _conditional(TOCILIZUMAB_RATE, sum(CRS_GRADES[2:])):
        doses = high_crs[:2] if max(crs.grades) >= 3 else high_crs[:1]
        for day in doses:
            rows.drug(day, "Tocilizumab", 8, "mg/kg", "once", detail="For CRS grade 2 or more")
    high_icans = [d for d in icans.days if icans.grade_on(d) >= 2]
    steroid_rate = _conditional(CORTICOSTEROID_RATE, sum(ICANS_GRADES[2:]))
    if high_icans and rng.random() < steroid_rate:
        start = high_icans[0]
        end = min(start + 2, high_icans[-1])
        if max(icans.grades) == 4:
            rows.drug(start, "Methylprednisolone", 1000, "mg", "daily", end_day=start + 2)
        else:
            rows.drug(start, "Dexamethasone", 10, "mg", "QID", end_day=end if end > start else "")
    severe = sorted(
        {d for d in crs.days if crs.grade_on(d) >= 3}
        | {d for d in icans.days if icans.grade_on(d) >= 3}
    )
    if severe:
        rows.add(severe[0], "status", "ICU stay", end_day=severe[-1] + 1, detail="ICU stay")


def synthetic_case(number: int, seed: int) -> tuple[CaseInfo, pd.DataFrame]:
    """Case `number` of the seed: its header and its event table (as written to events.csv)."""
    rng = random.Random(f"{seed}:{number}")
    rows = _Rows(f"Synthetic (case-timeline synth, seed {seed})")
    crs = _course(rng, _grade(rng, CRS_GRADES), (2, 1, 12), (8, 1, 20))
    icans = _course(rng, _grade(rng, ICANS_GRADES), (5, 1, 17), (17, 1, 40))
    last = max([FOLLOW_UP_DAYS, *(c.days.stop + 2 for c in (crs, icans) if c.grades)])
    for item, dose in (("Fludarabine", 30), ("Cyclophosphamide", 500)):
        rows.drug(-5, item, dose, "mg/m2", "daily", end_day=-3, detail="Lymphodepletion")
    rows.drug(0, "Axicabtagene ciloleucel", "", "", "once", detail="CAR T-cell infusion")
    for day in range(0, max(c.days.stop for c in (crs, icans, Course(0, (0,)))) + 1):
        _crs_day(rows, rng, day, crs.grade_on(day))
        _icans_day(rows, rng, day, icans.grade_on(day))
    for syndrome, course in (("CRS", crs), ("ICANS", icans)):
        for day in course.days:
            rows.add(day, "grade", syndrome, value=course.grade_on(day))
        if course.grades:
            rows.add(course.days.stop, "grade", syndrome, value=0, detail="Resolved")
    _treatments(rows, rng, crs, icans)
    if rng.random() < DEATH_RATE:
        rows.add(last, "outcome", "Death", detail="Death from an adverse event (synthetic)")
    else:
        rows.add(last, "outcome", "Last follow-up", detail="End of follow-up in this record")
    info = CaseInfo(
        title=f"Synthetic case {number:03d}",
        summary=f"Generated by case-timeline synth (seed {seed}), following the ZUMA-1 axi-cel "
        "cohort's rates of CRS, neurological events and their treatment. Not a patient.",
        diagnosis="Large B-cell lymphoma (synthetic)",
        product=PRODUCT,
        synthetic=True,
        reference=ZUMA_1,
    )
    events = pd.DataFrame(rows.rows, columns=list(EVENT_COLUMNS), dtype=object)
    return info, events


def write_synthetic_cases(out: Path, count: int, seed: int, first: int = 1) -> list[Path]:
    """Write case folders `synthetic-<n>` for n = first .. first+count-1; their paths."""
    out = Path(out)
    written = []
    for number in range(first, first + count):
        info, events = synthetic_case(number, seed)
        folder = out / case_id(number)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "events.csv").write_text(csv_text(events), encoding="utf-8")
        (folder / CASE_FILE_NAME).write_text(case_toml(info), encoding="utf-8")
        written.append(folder)
    return written
