"""What a case contributes to a cohort: its registry fields and per-day grade series, computed
from its event table with the same functions the case page uses (nothing here is a second
computation of a grade, an interval or a dose).

API (pure; no dash):

- `event_fields(events) -> dict`: the registry fields that come from the events, as values
  (ints, floats, bools, None where the record does not show it; grades as `Peak`).
- `FIELDS`: every registry field with its definition, in the CSV's column order; the command
  line's `--help`, the README and the page's column tips all print these definitions.
- `daily_grades(events, syndrome)`: a row per day covered by a grade row of that syndrome, with
  the day's highest grade and whether only derived rows reach it.
- `treatment_marks(events)`: the rows a swimmer row marks (tocilizumab, corticosteroids,
  anakinra, intrathecal therapy, ICU stays, death) as kind, day and last day.
- `rank_values(events)`: the extra numbers the cohort ranks by (days at ICANS grade 3 or more,
  ICANS onset to intrathecal therapy, first ICANS grade 3 or more).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.clinical.intervals import (
    HIGH_GRADE,
    death_day,
    first_grade_day,
    high_grade_runs,
    icu_day_count,
)
from components.clinical.phases import (
    Peak,
    grade_rows,
    intrathecal_days,
    intrathecal_rows,
    last_days,
    peak_grade,
    syndrome_episodes,
)
from components.clinical.steroids import DOSES_PER_DAY, steroid_exposure
from components.model.drugs import CORTICOSTEROID, DRUG, INTRATHECAL, drug_class
from components.model.schema import DERIVED, Col

CRS, ICANS = "CRS", "ICANS"
SYNDROMES = (CRS, ICANS)
TOCILIZUMAB = "tocilizumab"
ANAKINRA = "anakinra"


@dataclass(frozen=True)
class Field:
    """One registry field: its CSV column and what it means."""

    name: str
    definition: str


#: The registry fields, in the CSV's column order (stable: scripts and registries read them).
FIELDS: tuple[Field, ...] = (
    Field("case", "the case id (its folder name)"),
    Field("title", "the case title from case.toml"),
    Field("product", "the CAR-T product from case.toml"),
    Field("synthetic", "true for a generated demonstration case, false for a real one"),
    Field("crs_onset_day", "first day with a CRS grade of 1 or more (reported, else derived)"),
    Field(
        "crs_max_grade",
        "highest CRS grade, reported where stated, else derived; '≥3' when only a derived grade "
        "(a lower bound) reaches it",
    ),
    Field(
        "crs_resolved_day",
        "first day after the last day at CRS grade 1 or more with a grade 0 recorded; empty "
        "when the record does not show it (the loader derives no grade 0: 'at least 0' says "
        "nothing)",
    ),
    Field("icans_onset_day", "first day with an ICANS grade of 1 or more (reported, else derived)"),
    Field("icans_max_grade", "highest ICANS grade, as crs_max_grade"),
    Field("icans_resolved_day", "as crs_resolved_day, for ICANS"),
    Field(
        "tocilizumab_doses",
        "tocilizumab doses given: each dose row counts once per day it covers, times its "
        "doses a day (BID 2, TID 3, QID 4); a row without a dose (a stop) counts none",
    ),
    Field(
        "corticosteroid_dex_eq_mg",
        "systemic corticosteroid total in mg dexamethasone equivalent, the documented minimum, "
        "as the case page's corticosteroid panel counts it (intrathecal doses not added)",
    ),
    Field("anakinra", "true when any anakinra row is recorded"),
    Field("intrathecal_first_day", "first day of an intrathecal drug (route IT)"),
    Field("icu_days", "days within an ICU stay, admission and discharge days counted, each once"),
    Field("last_day", "the last recorded day of the case (end of follow-up in the record)"),
    Field("died", "true only where the case records a death (an outcome row 'Death')"),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)


def _drug_rows(events: pd.DataFrame, name: str) -> pd.DataFrame:
    drugs = events[events[Col.CATEGORY] == DRUG]
    return drugs[drugs[Col.ITEM].str.strip().str.lower() == name]


def onset_day(events: pd.DataFrame, syndrome: str) -> int | None:
    """First day with a grade of 1 or more (`intervals.first_grade_day`)."""
    rows = first_grade_day(events, 1, syndrome)
    return None if rows.empty else int(rows[Col.DAY].iloc[0])


def resolved_day(events: pd.DataFrame, syndrome: str) -> int | None:
    """First day after the last episode (`phases.syndrome_episodes`) with a grade 0 row."""
    episodes = syndrome_episodes(events, syndrome)
    if not episodes:
        return None
    rows = grade_rows(events, syndrome)
    zero = rows[(rows[Col.VALUE] == 0) & (rows[Col.DAY] > episodes[-1][1])]
    return None if zero.empty else int(zero[Col.DAY].min())


def dose_count(rows: pd.DataFrame) -> int:
    """Doses in drug rows: a row with a dose counts per covered day times its doses a day."""
    given = rows[rows[Col.VALUE].notna()]
    if given.empty:
        return 0
    days = last_days(given) - given[Col.DAY] + 1
    per_day = given[Col.FREQUENCY].map(lambda f: DOSES_PER_DAY.get(f, 1))
    return int((days * per_day).sum())


def event_fields(events: pd.DataFrame) -> dict[str, object]:
    """The registry fields a case's events give (all but case, title, product, synthetic)."""
    steroids = steroid_exposure(events)
    it_days = intrathecal_days(events)
    fields: dict[str, object] = {}
    for syndrome in SYNDROMES:
        key = syndrome.lower()
        fields[f"{key}_onset_day"] = onset_day(events, syndrome)
        fields[f"{key}_max_grade"] = peak_grade(grade_rows(events, syndrome))
        fields[f"{key}_resolved_day"] = resolved_day(events, syndrome)
    return {
        **fields,
        "tocilizumab_doses": dose_count(_drug_rows(events, TOCILIZUMAB)),
        "corticosteroid_dex_eq_mg": round(steroids.cumulative_mg, 1),
        "anakinra": not _drug_rows(events, ANAKINRA).empty,
        "intrathecal_first_day": it_days[0] if it_days else None,
        "icu_days": icu_day_count(events),
        "last_day": int(last_days(events).max()),
        "died": death_day(events) is not None,
    }


def rank_values(events: pd.DataFrame) -> dict[str, int | None]:
    """Numbers the cohort ranks and aligns by, beyond the registry fields."""
    high = first_grade_day(events, HIGH_GRADE, ICANS)
    onset, it_days = onset_day(events, ICANS), intrathecal_days(events)
    return {
        "icans_high_days": sum(run.days - len(run.not_recorded) for run in high_grade_runs(events)),
        "icans_high_day": None if high.empty else int(high[Col.DAY].iloc[0]),
        "onset_to_intrathecal": it_days[0] - onset if onset is not None and it_days else None,
    }


def drugs_given(events: pd.DataFrame) -> list[str]:
    """The drugs a case records, by name as written, sorted."""
    return sorted(set(events.loc[events[Col.CATEGORY] == DRUG, Col.ITEM].str.strip()))


def grade_text(peak: Peak | None) -> str:
    return "" if peak is None else peak.text


# ---------------------------------------------------------------------------------------------
# Series a swimmer row and the cohort summary draw.

DAILY_GRADE_COLUMNS = ("syndrome", "day", "grade", "derived")
MARK_COLUMNS = ("kind", "day", "end_day")


def daily_grades(events: pd.DataFrame, syndrome: str) -> pd.DataFrame:
    """Each day a grade row covers, its highest grade and whether only derived rows reach it.

    A day without a grade row is left out: no grade is carried over a gap.
    """
    rows = grade_rows(events, syndrome)
    first, last = rows[Col.DAY].astype(int), last_days(rows).astype(int)
    per_day = pd.DataFrame(
        {
            "day": [d for a, b in zip(first, last, strict=True) for d in range(a, b + 1)],
            "grade": rows[Col.VALUE].repeat(last - first + 1).astype(int).to_numpy(),
            "derived": (rows[Col.BASIS] == DERIVED).repeat(last - first + 1).to_numpy(),
        }
    )
    if per_day.empty:
        return pd.DataFrame(columns=list(DAILY_GRADE_COLUMNS)).astype(
            {"day": int, "grade": int, "derived": bool}
        )
    top = per_day.groupby("day").agg(grade=("grade", "max"))
    at_top = per_day.merge(top, on=["day", "grade"])
    daily = at_top.groupby(["day", "grade"], as_index=False).agg(derived=("derived", "all"))
    return daily.assign(syndrome=syndrome)[list(DAILY_GRADE_COLUMNS)]


def _marks(kind: str, rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"kind": kind, "day": rows[Col.DAY].astype(int), "end_day": last_days(rows).astype(int)}
    )


def treatment_marks(events: pd.DataFrame) -> pd.DataFrame:
    """The rows a swimmer marks: given drugs (a row with a dose), ICU stays and death."""
    drugs = events[(events[Col.CATEGORY] == DRUG) & events[Col.VALUE].notna()]
    steroid = [
        drug_class(item, route) == CORTICOSTEROID and route != INTRATHECAL
        for item, route in zip(drugs[Col.ITEM], drugs[Col.ROUTE], strict=True)
    ]
    icu = events[(events[Col.CATEGORY] == "status") & (events[Col.ITEM] == "ICU stay")]
    death = death_day(events)
    parts = [
        _marks("tocilizumab", _drug_rows(drugs, TOCILIZUMAB)),
        _marks("corticosteroid", drugs[pd.Series(steroid, index=drugs.index, dtype=bool)]),
        _marks("anakinra", _drug_rows(drugs, ANAKINRA)),
        _marks("intrathecal", intrathecal_rows(events)),
        _marks("icu", icu),
    ]
    if death is not None:
        day = int(death[Col.DAY])
        parts.append(pd.DataFrame({"kind": ["death"], "day": [day], "end_day": [day]}))
    marks = pd.concat([p for p in parts if not p.empty] or [_marks("icu", icu)])
    return marks[list(MARK_COLUMNS)].astype({"day": int, "end_day": int}).reset_index(drop=True)
