"""ASTCT 2019 grades of a case, calendar day by calendar day, beside the grades it reports.

Reference: Lee DW et al. ASTCT consensus grading for cytokine release syndrome and neurologic
toxicity associated with immune effector cells. Biol Blood Marrow Transplant 2019;25:625-638
(Table 3, CRS; Table 5, ICANS in adults). The rules of each table are `astct_crs` and
`astct_icans`; this module applies them to an event table:

- Each calendar day is graded from every row that covers it, single days and spans alike, and a
  reported grade over days 1-2 is a grade for day 1 and for day 2.
- CRS is followed as episodes: one starts on a day with CRS (a reported grade, or findings with
  fever) and ends after two days without CRS findings. Once an antipyretic, anti-cytokine drug
  or corticosteroid has been given within an episode, fever is no longer required on its
  following days (Table 3, footnote *).
- A level of consciousness on a day with a sedating drug, an intubation or mechanical
  ventilation is not graded (Table 5, footnote †), unless its row says 'not sedated'.
- A finding with text in `attribution` is shown and never graded.

`grade_check` puts the reported grade of each day beside the derived one; `derived_grade_events`
adds the derived grades as rows where a case states none. A derived grade is a lower bound
while a domain it needs is not recorded; "not gradeable" is never 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from components.clinical import astct_crs, astct_icans
from components.clinical.astct import DayGrade, Finding, Row
from components.model.astct import (
    CRS_ITEMS,
    FEVER_MASKING_NAMES,
    INVASIVE_VENTILATION,
    SEDATIVE_NAMES,
    normalized,
)
from components.model.astct_cells import CRS, ICANS
from components.model.columns import DERIVED, Col
from components.model.drugs import DRUG, INTRATHECAL
from components.model.formatting import day_text

SYNDROMES = (CRS, ICANS)
#: A CRS episode ends after this many days in a row without CRS findings.
EPISODE_GAP_DAYS = 2

#: What the reported grade needs beyond the grade below: said where a reported grade cannot be
#: confirmed from the recorded findings.
GRADE_NEEDS: dict[str, dict[int, str]] = {
    CRS: {
        1: "fever of at least 38.0 °C",
        2: "fever with hypotension not needing vasopressors, or low-flow oxygen "
        "(nasal cannula up to 6 L/min, or blow-by)",
        3: "a vasopressor (vasopressin alone counts), or high-flow oxygen (over 6 L/min), "
        "a face mask, non-rebreather or Venturi mask",
        4: "two or more vasopressors (vasopressin not counted), or positive pressure "
        "(CPAP, BiPAP, intubation and mechanical ventilation)",
    },
    ICANS: {
        1: "an ICE score of 7-9, or awakening spontaneously",
        2: "an ICE score of 3-6, or awakening to voice",
        3: "an ICE score of 0-2, awakening only to touch, a clinical or non-convulsive seizure, "
        "or focal edema on imaging",
        4: "being unarousable (ICE 0), stupor or coma, a prolonged or repetitive seizure without "
        "return to baseline, deep focal motor weakness, diffuse cerebral edema, posturing, "
        "cranial nerve VI palsy, papilledema or Cushing's triad",
    },
}

AGREES, UNCONFIRMED, DISAGREES, DERIVED_ONLY, NOT_GRADEABLE = (
    "agrees",
    "unconfirmed",
    "disagrees",
    "derived only",
    "not gradeable",
)
CHECKS = (AGREES, UNCONFIRMED, DISAGREES, DERIVED_ONLY, NOT_GRADEABLE)
NO_FINDINGS = "not gradeable: no finding the rules read on this day"
CHECK_COLUMNS = ["day", "syndrome", "reported", "derived", "at_least", "criterion", "check"]


# ---------------------------------------------------------------------------------------------
# Reading the event table into days.


@dataclass
class Day:
    """What one calendar day records for the rules."""

    findings: dict[str, list[Finding]] = field(default_factory=lambda: {CRS: [], ICANS: []})
    #: What may sedate the patient ("propofol on day 3", "intubation on day 19").
    sedation: list[str] = field(default_factory=list)
    #: Drugs after which fever is no longer required within a CRS episode.
    fever_masking: list[str] = field(default_factory=list)


def _rows(events: pd.DataFrame) -> Iterator[tuple[int, int, Row]]:
    """(first day, last day, row) for each row that is not a grade."""
    attribution = events[Col.ATTRIBUTION] if Col.ATTRIBUTION in events else [""] * len(events)
    columns = zip(
        events[Col.DAY],
        events[Col.END_DAY],
        events[Col.CATEGORY],
        events[Col.ITEM],
        events[Col.VALUE],
        events[Col.VALUE_MAX],
        events[Col.DETAIL],
        attribution,
        events[Col.ROUTE],
        events[Col.SOURCE],
        strict=True,
    )
    for day, end, category, item, value, value_max, detail, why, route, source in columns:
        if category == "grade":
            continue
        last = int(day) if pd.isna(end) else int(end)
        yield (
            int(day),
            last,
            Row(str(category), item, float(value), float(value_max), detail, why, route, source),
        )


def _context(row: Row) -> tuple[str, str]:
    """What a row adds to its days: (sedation, fever masking) names, each possibly empty."""
    name = normalized(row.item)
    if row.category == DRUG and row.route != INTRATHECAL:
        return SEDATIVE_NAMES.get(name, "").lower(), FEVER_MASKING_NAMES.get(name, "").lower()
    if row.category in ("status", "procedure") and CRS_ITEMS.get(name) in INVASIVE_VENTILATION:
        return CRS_ITEMS[name].lower(), ""
    return "", ""


def calendar_days(events: pd.DataFrame) -> dict[int, Day]:
    """Each calendar day that a row the rules read covers, with that row's findings on it."""
    days: dict[int, Day] = defaultdict(Day)
    for first, last, row in _rows(events):
        found = {CRS: astct_crs.read(row), ICANS: astct_icans.read(row)}
        sedation, masking = _context(row)
        if not (found[CRS] or found[ICANS] or sedation or masking):
            continue
        when = day_text(first, last)
        for day in range(first, last + 1):
            record = days[day]
            for syndrome in SYNDROMES:
                record.findings[syndrome] += found[syndrome]
            if sedation:
                record.sedation.append(f"{sedation} on {when}")
            if masking:
                record.fever_masking.append(masking)
    return dict(days)


def reported_grades(events: pd.DataFrame) -> dict[tuple[str, int], int]:
    """The reported grade of each syndrome and day; a span's grade holds for each of its days,
    and of two grades on one day the higher counts."""
    grades = events[
        (events[Col.CATEGORY] == "grade")
        & events[Col.ITEM].isin(SYNDROMES)
        & (events[Col.BASIS] != DERIVED)
    ]
    found: dict[tuple[str, int], int] = {}
    for item, first, end, value in zip(
        grades[Col.ITEM], grades[Col.DAY], grades[Col.END_DAY], grades[Col.VALUE], strict=True
    ):
        for day in range(int(first), int(first if pd.isna(end) else end) + 1):
            found[(item, day)] = max(found.get((item, day), 0), int(value))
    return found


# ---------------------------------------------------------------------------------------------
# Grading each day.


def crs_course(days: dict[int, Day], reported: dict[tuple[str, int], int]) -> dict[int, DayGrade]:
    """The CRS grade of every day with CRS findings, following the episodes: fever is waived
    after a masking drug given on a day of an episode, from the next day to the episode's end."""
    graded: dict[int, DayGrade] = {}
    last_crs_day: int | None = None
    waived_after = ""
    for day in sorted(set(days) | {d for s, d in reported if s == CRS}):
        if last_crs_day is not None and day - last_crs_day > EPISODE_GAP_DAYS:
            last_crs_day, waived_after = None, ""
        record = days.get(day, Day())
        grade = astct_crs.grade_day(record.findings[CRS], waived_after)
        if grade is not None:
            graded[day] = grade
        if (grade is not None and grade.grade) or reported.get((CRS, day), 0) >= 1:
            last_crs_day = day
        if last_crs_day is not None and not waived_after and record.fever_masking:
            drugs = " and ".join(dict.fromkeys(record.fever_masking))
            waived_after = f"{drugs} on day {day}"
    return graded


@dataclass(frozen=True)
class DayCheck:
    """One syndrome on one calendar day: the reported grade beside the derived one."""

    day: int
    syndrome: str
    reported: int | None
    derived: DayGrade | None

    @property
    def grade(self) -> int | None:
        return None if self.derived is None else self.derived.grade

    @property
    def check(self) -> str:
        if self.grade is None:
            return NOT_GRADEABLE
        if self.reported is None:
            return DERIVED_ONLY
        if self.grade == self.reported:
            return AGREES
        if self.grade < self.reported and self.derived.at_least:
            return UNCONFIRMED
        return DISAGREES

    @property
    def criterion(self) -> str:
        if self.derived is None:
            return NO_FINDINGS
        text = self.derived.describe()
        if self.check == UNCONFIRMED:
            needs = GRADE_NEEDS[self.syndrome][self.reported]
            return f"{text}. Reported grade {self.reported} needs {needs}, which is not recorded"
        if self.check == DISAGREES:
            side = "above" if self.grade > self.reported else "below"
            return f"{text}; {side} the reported grade {self.reported}"
        return text


def day_checks(events: pd.DataFrame) -> list[DayCheck]:
    """Every syndrome and calendar day with a reported grade or a finding the rules read."""
    days = calendar_days(events)
    reported = reported_grades(events)
    crs = crs_course(days, reported)
    checks = []
    for day in sorted(set(days) | {d for _, d in reported}):
        record = days.get(day, Day())
        sedation = " and ".join(dict.fromkeys(record.sedation))
        derived = {
            CRS: crs.get(day),
            ICANS: astct_icans.grade_day(record.findings[ICANS], sedation)
            if record.findings[ICANS]
            else None,
        }
        for syndrome in SYNDROMES:
            stated = reported.get((syndrome, day))
            if derived[syndrome] is not None or stated is not None:
                checks.append(DayCheck(day, syndrome, stated, derived[syndrome]))
    return checks


def grade_check(events: pd.DataFrame) -> pd.DataFrame:
    """One row per syndrome and calendar day: day, syndrome, reported, derived (empty where not
    gradeable), at_least, criterion (the table cells it rests on) and check: `agrees`,
    `unconfirmed` (reported higher than the findings prove, which are a lower bound),
    `disagrees`, `derived only` or `not gradeable`."""
    check = pd.DataFrame(
        [
            {
                "day": c.day,
                "syndrome": c.syndrome,
                "reported": c.reported,
                "derived": c.grade,
                "at_least": c.derived is not None and c.derived.at_least,
                "criterion": c.criterion,
                "check": c.check,
            }
            for c in day_checks(events)
        ],
        columns=CHECK_COLUMNS,
    )
    for name in ("day", "reported", "derived"):
        check[name] = check[name].astype("Int64")
    return check.astype({"at_least": bool})


def check_runs(check: pd.DataFrame) -> pd.DataFrame:
    """The day-by-day check with consecutive days that read alike joined into one row, with
    `end_day`: for a person reading it, not a script."""
    same = ["syndrome", "reported", "derived", "at_least", "criterion", "check"]
    runs: list[dict] = []
    for row in check.sort_values(["syndrome", "day"], kind="stable").to_dict("records"):
        last = runs[-1] if runs else None
        if (
            last
            and last["end_day"] == row["day"] - 1
            and all(str(last[k]) == str(row[k]) for k in same)
        ):
            last["end_day"] = row["day"]
        else:
            runs.append({**row, "end_day": row["day"]})
    joined = pd.DataFrame(runs, columns=["day", "end_day", *same])
    for name in ("day", "end_day", "reported", "derived"):
        joined[name] = joined[name].astype("Int64")
    return joined.sort_values(["day", "syndrome"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Derived grade rows.


def _covered(events: pd.DataFrame, syndrome: str) -> set[int]:
    rows = events[(events[Col.CATEGORY] == "grade") & (events[Col.ITEM] == syndrome)]
    return {
        day
        for first, end in zip(rows[Col.DAY], rows[Col.END_DAY], strict=True)
        for day in range(int(first), int(first if pd.isna(end) else end) + 1)
    }


def derived_grade_events(events: pd.DataFrame) -> pd.DataFrame:
    """Grade rows (basis `derived`) for the days with a grade of 1 or more from the findings and
    no grade row of that syndrome; consecutive days that read alike make one span.

    "At least 0" says nothing, and a day without a grade stays a gap, not a zero.
    """
    covered = {syndrome: _covered(events, syndrome) for syndrome in SYNDROMES}
    runs: list[list] = []
    for check in sorted(day_checks(events), key=lambda c: (c.syndrome, c.day)):
        grade = check.derived
        if not check.grade or check.day in covered[check.syndrome]:
            continue
        key = (check.syndrome, grade.grade, grade.describe(), grade.sources)
        if runs and runs[-1][0] == key and runs[-1][2] == check.day - 1:
            runs[-1][2] = check.day
        else:
            runs.append([key, check.day, check.day])
    rows = [
        {
            Col.DAY: first,
            Col.END_DAY: last if last != first else pd.NA,
            Col.CATEGORY: "grade",
            Col.ITEM: syndrome,
            Col.VALUE: float(grade),
            Col.VALUE_MAX: float("nan"),
            Col.UNIT: "",
            Col.ROUTE: "",
            Col.FREQUENCY: "",
            Col.DETAIL: detail,
            Col.ATTRIBUTION: "",
            Col.SOURCE: "Derived from " + "; ".join(sources),
            Col.BASIS: DERIVED,
        }
        for (syndrome, grade, detail, sources), first, last in runs
    ]
    return pd.DataFrame(rows, columns=list(events.columns.intersection(list(Col))))
