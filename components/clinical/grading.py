"""ASTCT 2019 consensus grading of CRS and ICANS, as pure functions.

Reference: Lee DW et al. ASTCT consensus grading for cytokine release syndrome and neurologic
toxicity associated with immune effector cells. Biol Blood Marrow Transplant 2019;25:625-638.

A grade is the most severe of its domains. A case record rarely states every domain on every
day, and a domain that is not recorded could only raise the grade, so a grade derived here is
a lower bound: "at least 2". Each result names the findings that set it and the domains that
were not recorded, so nothing is guessed. Two readings are this project's own and are named as
such wherever they are used: the GCS eye response read as the ICANS level-of-consciousness
domain, and a systolic pressure under 90 mmHg read as hypotension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from components.model.drugs import DRUG
from components.model.schema import DERIVED, Col

CRS, ICANS = "CRS", "ICANS"

FEVER_C = 38.0
HYPOTENSION_SYSTOLIC_MMHG = 90

#: What the reported grade needs beyond the lower grade: used to say why a reported grade
#: cannot be confirmed from the recorded findings.
GRADE_NEEDS: dict[str, dict[int, str]] = {
    CRS: {
        1: "fever of at least 38.0 °C",
        2: "fever with hypotension not needing vasopressors, or low-flow oxygen (up to 6 L/min)",
        3: "a vasopressor, or high-flow oxygen (over 6 L/min), face mask or Venturi mask",
        4: "several vasopressors (vasopressin aside), or positive-pressure ventilation",
    },
    ICANS: {
        1: "an ICE score of 7-9, or awakening spontaneously",
        2: "an ICE score of 3-6, or awakening to voice",
        3: "an ICE score of 0-2, awakening only to touch, a clinical seizure, "
        "or focal oedema on imaging",
        4: "being unarousable, a prolonged or repetitive seizure, deep focal motor weakness, "
        "or diffuse cerebral oedema",
    },
}

ICANS_DOMAINS = (
    "ICE score",
    "level of consciousness",
    "seizures",
    "motor findings",
    "raised ICP / cerebral oedema",
)
CRS_DOMAINS = ("fever", "hypotension", "vasopressors", "oxygen support")

#: Vasopressors counted for CRS grade 4 ("multiple vasopressors, excluding vasopressin").
VASOPRESSORS = ("Norepinephrine", "Epinephrine", "Dopamine", "Phenylephrine", "Vasopressin")
#: Items the ICANS rule reads as findings, with the grade each proves.
ICANS_FINDING_ITEMS: dict[str, tuple[str, int]] = {
    "Seizure": ("seizures", 3),
    "Motor weakness": ("motor findings", 4),
    "Focal cerebral edema": ("raised ICP / cerebral oedema", 3),
    "Diffuse cerebral edema": ("raised ICP / cerebral oedema", 4),
    "Papilledema": ("raised ICP / cerebral oedema", 4),
}
POSITIVE_PRESSURE_ITEMS = ("Non-invasive ventilation", "Mechanical ventilation", "Intubation")


@dataclass(frozen=True)
class DerivedGrade:
    """The lowest grade that the recorded findings prove, with the reasons."""

    syndrome: str
    grade: int
    reasons: tuple[str, ...]
    missing: tuple[str, ...]

    def describe(self) -> str:
        text = f"ASTCT 2019, at least grade {self.grade}: " + "; ".join(self.reasons)
        if self.missing:
            text += ". Not recorded: " + ", ".join(self.missing)
        return text


def ice_grade(ice: int) -> int:
    """ICANS grade set by the ICE score alone (10 none, 7-9 one, 3-6 two, 0-2 three)."""
    if not 0 <= ice <= 10:
        raise ValueError(f"ICE score must be 0-10, got {ice}")
    if ice == 10:
        return 0
    if ice >= 7:
        return 1
    if ice >= 3:
        return 2
    return 3


def eye_opening_grade(eye: int) -> int:
    """Lowest ICANS consciousness grade shown by the GCS eye response (this project's reading).

    E4 (opens spontaneously) may be normal, so it proves nothing; E3 (to voice) is grade 2,
    E2 (to pressure) grade 3, E1 (none) unarousable, grade 4.
    """
    return {4: 0, 3: 2, 2: 3, 1: 4}[eye]


def icans_grade(
    ice: int | None = None,
    eye_opening: int | None = None,
    findings: tuple[str, ...] = (),
) -> DerivedGrade:
    """ICANS grade from the ICE score, GCS eye response and named findings.

    `findings` are item names from ICANS_FINDING_ITEMS (seizure, motor weakness, oedema).
    """
    grade, reasons, recorded = 0, [], set()
    if ice is not None:
        recorded.add("ICE score")
        grade = max(grade, ice_grade(ice))
        reasons.append(f"ICE {ice} gives grade {ice_grade(ice)}")
    if eye_opening is not None:
        recorded.add("level of consciousness")
        eye_grade = eye_opening_grade(eye_opening)
        grade = max(grade, eye_grade)
        reasons.append(
            f"GCS eye response E{eye_opening} read as consciousness grade {eye_grade} "
            "(project's reading; sedation not recorded)"
        )
    for item in findings:
        domain, finding_grade = ICANS_FINDING_ITEMS[item]
        recorded.add(domain)
        grade = max(grade, finding_grade)
        reasons.append(f"{item.lower()} gives grade {finding_grade}")
    missing = tuple(d for d in ICANS_DOMAINS if d not in recorded)
    return DerivedGrade(ICANS, grade, tuple(reasons), missing)


def crs_grade(
    temperature_c: float | None = None,
    systolic_bp: float | None = None,
    vasopressors: int | None = None,
    oxygen_l_min: float | None = None,
    positive_pressure: bool = False,
) -> DerivedGrade | None:
    """CRS grade, or None where no fever is recorded (ASTCT CRS needs fever to start)."""
    if temperature_c is None or temperature_c < FEVER_C:
        return None
    grade, recorded = 1, {"fever"}
    reasons = [f"fever {temperature_c:g} °C gives grade 1"]
    if systolic_bp is not None:
        recorded.add("hypotension")
        if systolic_bp < HYPOTENSION_SYSTOLIC_MMHG:
            grade = 2
            reasons.append(
                f"systolic BP {systolic_bp:g} mmHg is hypotension (under "
                f"{HYPOTENSION_SYSTOLIC_MMHG}, project's threshold), grade 2 without vasopressors"
            )
    if vasopressors:
        recorded.add("vasopressors")
        vasopressor_grade = 4 if vasopressors > 1 else 3
        grade = max(grade, vasopressor_grade)
        reasons.append(f"{vasopressors} vasopressor(s) give grade {vasopressor_grade}")
    if oxygen_l_min is not None or positive_pressure:
        recorded.add("oxygen support")
        if positive_pressure:
            oxygen_grade, said = 4, "positive-pressure ventilation"
        else:
            oxygen_grade = 3 if oxygen_l_min > 6 else 2
            said = f"oxygen {oxygen_l_min:g} L/min"
        grade = max(grade, oxygen_grade)
        reasons.append(f"{said} gives grade {oxygen_grade}")
    missing = tuple(d for d in CRS_DOMAINS if d not in recorded)
    return DerivedGrade(CRS, grade, tuple(reasons), missing)


# ---------------------------------------------------------------------------------------------
# Applying the rules to an event table.

_EYE = re.compile(r"E(\d)(?:\s*-\s*(\d))?")


def eye_responses(gcs_detail: str) -> list[int]:
    """Every GCS eye response named in a detail such as 'E3M1V1 - E4M5V1' or 'E3-4 M6 V3-4'."""
    eyes = []
    for first, last in _EYE.findall(gcs_detail):
        eyes.extend(range(int(first), int(last or first) + 1))
    return [e for e in eyes if 1 <= e <= 4]


#: One finding as grades_for_findings reads it: category, item, value, value_max, detail.
Finding = tuple[str, str, float, float, str]


def _readings(rows: list[Finding]) -> list[float]:
    return [v for row in rows for v in (row[2], row[3]) if not pd.isna(v)]


def _lowest(rows: list[Finding]) -> float | None:
    readings = _readings(rows)
    return float(min(readings)) if readings else None


def _highest(rows: list[Finding]) -> float | None:
    readings = _readings(rows)
    return float(max(readings)) if readings else None


def grades_for_findings(findings: pd.DataFrame) -> dict[str, DerivedGrade]:
    """Apply both rules to the findings of one day or span (rows sharing day and end_day)."""
    # Plain tuples, not DataFrame filters: this runs once per day of a case, and a dozen
    # pandas selections per day made a 100k-event case take minutes to load.
    cells: list[Finding] = list(
        zip(
            findings[Col.CATEGORY],
            findings[Col.ITEM],
            findings[Col.VALUE],
            findings[Col.VALUE_MAX],
            findings[Col.DETAIL],
            strict=True,
        )
    )

    def rows(category: str, items: tuple[str, ...] | str) -> list[Finding]:
        items = (items,) if isinstance(items, str) else items
        return [row for row in cells if row[0] == category and row[1] in items]

    # A range (value to value_max) is what a measure moved through on that day or span, and a
    # grade is the worst of its day, so each domain takes its worst reading.
    results: dict[str, DerivedGrade] = {}
    ice = _lowest(rows("score", "ICE"))
    eyes = [e for row in rows("score", "GCS") for e in eye_responses(row[4])]
    named = tuple(sorted({row[1] for row in cells} & set(ICANS_FINDING_ITEMS)))
    if ice is not None or eyes or named:
        results[ICANS] = icans_grade(
            ice=None if ice is None else int(ice),
            eye_opening=min(eyes) if eyes else None,
            findings=named,
        )

    vasopressors = {row[1] for row in rows(DRUG, VASOPRESSORS)} - {"Vasopressin"}
    oxygen = rows("status", "Oxygen")
    crs = crs_grade(
        temperature_c=_highest(rows("vital", "Temperature")),
        systolic_bp=_lowest(rows("vital", "Systolic blood pressure")),
        vasopressors=len(vasopressors) or None,
        oxygen_l_min=_highest(oxygen),
        positive_pressure=bool(
            rows("status", POSITIVE_PRESSURE_ITEMS) or rows("procedure", POSITIVE_PRESSURE_ITEMS)
        ),
    )
    if crs is not None:
        results[CRS] = crs
    return results


def _span_groups(events: pd.DataFrame):
    keyed = events.assign(_end=events[Col.END_DAY].fillna(events[Col.DAY]))
    for (day, end), group in keyed.groupby([Col.DAY, "_end"], sort=True):
        yield int(day), int(end), group


def _overlaps(grades: pd.DataFrame, day: int, end: int) -> pd.Series:
    grade_end = grades[Col.END_DAY].fillna(grades[Col.DAY])
    return (grades[Col.DAY] <= end) & (grade_end >= day)


def grade_check(events: pd.DataFrame) -> pd.DataFrame:
    """Each day or span with a reported or derivable grade: reported, derived, verdict, why.

    Verdicts: `agrees`; `unconfirmed` (reported higher than the findings prove, with what the
    reported grade needs); `disagrees` (the findings prove a higher grade than reported);
    `derived only`; `no findings` (a reported grade with nothing the rule can use).
    """
    reported = events[(events[Col.CATEGORY] == "grade") & (events[Col.BASIS] != DERIVED)]
    rows = []
    seen: set[tuple[str, int, int]] = set()
    for day, end, group in _span_groups(events[events[Col.CATEGORY] != "grade"]):
        for syndrome, derived in grades_for_findings(group).items():
            same = reported[
                (reported[Col.ITEM] == syndrome)
                & (reported[Col.DAY] == day)
                & (reported[Col.END_DAY].fillna(reported[Col.DAY]) == end)
            ]
            if same.empty and derived.grade == 0:
                continue
            stated = None if same.empty else int(same[Col.VALUE].max())
            rows.append(_verdict(syndrome, day, end, stated, derived))
            seen.add((syndrome, day, end))
    for row in reported.itertuples(index=False):
        end = row.end_day if pd.notna(row.end_day) else row.day
        if (row.item, row.day, end) not in seen:
            rows.append(
                {
                    "syndrome": row.item,
                    "day": int(row.day),
                    "end_day": int(end),
                    "reported": int(row.value),
                    "derived": pd.NA,
                    "verdict": "no findings",
                    "why": "No ICE score, GCS, vital sign or named finding recorded on these days",
                }
            )
    columns = ["syndrome", "day", "end_day", "reported", "derived", "verdict", "why"]
    check = pd.DataFrame(rows, columns=columns)
    for name in ("day", "end_day", "reported", "derived"):
        check[name] = check[name].astype("Int64")
    return check.sort_values(["day", "syndrome"], ignore_index=True)


def _verdict(syndrome: str, day: int, end: int, stated: int | None, derived: DerivedGrade) -> dict:
    if stated is None:
        verdict, why = "derived only", derived.describe()
    elif derived.grade == stated:
        verdict, why = "agrees", derived.describe()
    elif derived.grade < stated:
        verdict = "unconfirmed"
        why = (
            f"{derived.describe()}. Reported grade {stated} needs "
            f"{GRADE_NEEDS[syndrome][stated]}, which is not recorded"
        )
    else:
        verdict = "disagrees"
        why = f"{derived.describe()}, above the reported grade {stated}"
    return {
        "syndrome": syndrome,
        "day": day,
        "end_day": end,
        "reported": stated,
        "derived": derived.grade,
        "verdict": verdict,
        "why": why,
    }


def derived_grade_events(events: pd.DataFrame) -> pd.DataFrame:
    """Grade rows (basis `derived`) for days with findings but no grade row of that syndrome.

    Only grades of 1 or more are added: "at least 0" says nothing, and a day without a grade
    stays a gap, not a zero.
    """
    grades = events[events[Col.CATEGORY] == "grade"]
    # Selected once, not per day: per day it made loading grow with the square of the days.
    stated = {syndrome: grades[grades[Col.ITEM] == syndrome] for syndrome in (ICANS, CRS)}
    rows = []
    for day, end, group in _span_groups(events[events[Col.CATEGORY] != "grade"]):
        for syndrome, derived in grades_for_findings(group).items():
            if derived.grade == 0:
                continue
            if _overlaps(stated[syndrome], day, end).any():
                continue
            sources = "; ".join(dict.fromkeys(group[Col.SOURCE]))
            rows.append(
                {
                    Col.DAY: day,
                    Col.END_DAY: end if end != day else pd.NA,
                    Col.CATEGORY: "grade",
                    Col.ITEM: syndrome,
                    Col.VALUE: float(derived.grade),
                    Col.VALUE_MAX: float("nan"),
                    Col.UNIT: "",
                    Col.ROUTE: "",
                    Col.FREQUENCY: "",
                    Col.DETAIL: derived.describe(),
                    Col.SOURCE: f"Derived from {sources}",
                    Col.BASIS: DERIVED,
                }
            )
    return pd.DataFrame(rows, columns=list(events.columns.intersection(list(Col))))
