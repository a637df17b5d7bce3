"""Corticosteroid exposure in dexamethasone equivalents, read from the event table.

High cumulative corticosteroid exposure after CAR-T is linked to shorter progression-free
survival, so the panel shows how much was given: every systemic corticosteroid dose converted to
mg dexamethasone at the standard anti-inflammatory equivalence, per day and summed.

API (pure; no dash):

- `steroid_exposure(events, day_range=None) -> SteroidExposure`
  - `.doses`: a row per systemic dose row and day it counts on, indexed by the event id (the
    event table's index), with the event's columns plus `dose_day`, `dose_mg`, `doses_per_day`,
    `dex_eq_mg` and `documented_minimum`.
  - `.daily`: `day`, `dex_eq_mg`, `cumulative_mg`, `documented_minimum` (that day rests on an
    assumption that may undercount) and `cumulative_minimum` (the running sum does), a row
    for every day of the range.
  - `.intrathecal`: the intrathecal corticosteroid rows (route IT) as given, in mg of the
    drug. They act in the CSF, so they are neither converted nor added to systemic dosing.
  - `.assumptions`: one `Assumption` per dose row the counting had to read a certain way, with
    its days and source; `str(assumption)` is the line to show.
  - `.cumulative_mg`, `.in_range_mg`, `.documented_minimum`.
- `dexamethasone_equivalent_mg(item, dose_mg) -> float`
- `EQUIVALENCE_SOURCE`: the citation to show beside the numbers.

Counting rules: `daily`, `BID`, `TID` and `QID` give 1, 2, 3 and 4 doses on every day of the
row (a span counts each of its days); `once` gives one dose. A row whose frequency is not stated
(or `continuous`, whose amount per day is not stated) counts as one dose, and a `taper` row
counts its starting dose once: a documented minimum, not an estimate. A dose given on one day
of a span counts on the span's first day. A repeating dose dated to one day and not continued
in the record counts on that day only, also a documented minimum. A drug row without a route
is systemic, as the timeline's drug lane reads it; only route IT is intrathecal.

With a day range, `daily` covers the range and `cumulative_mg` counts every dose since the
first recorded one, so the running sum on day 45 is the exposure up to day 45 whatever the
range starts on. `assumptions` are those of every row up to the range's last day.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.clinical.phases import Span, last_days
from components.model.columns import DERIVED, Col
from components.model.drugs import DRUG, INTRATHECAL
from components.model.formatting import day_text, number_text

#: Shown beside the numbers wherever they appear.
EQUIVALENCE_SOURCE = (
    "Equivalent anti-inflammatory doses: dexamethasone 0.75 mg = methylprednisolone 4 mg = "
    "prednisone or prednisolone 5 mg = hydrocortisone 20 mg (Liu D, Ahmet A, Ward L, et al. "
    "A practical guide to the monitoring and management of the complications of systemic "
    "corticosteroid therapy. Allergy Asthma Clin Immunol 2013;9:30. doi:10.1186/1710-1492-9-30)."
)
#: mg of each drug equal in anti-inflammatory effect to DEXAMETHASONE_MG of dexamethasone
#: (Liu et al. 2013; the standard glucocorticoid equivalence table), by lower-case name.
DEXAMETHASONE_MG = 0.75
EQUIVALENT_DOSE_MG: dict[str, float] = {
    "dexamethasone": DEXAMETHASONE_MG,
    "methylprednisolone": 4.0,
    "prednisolone": 5.0,
    "prednisone": 5.0,
    "hydrocortisone": 20.0,
}
UNIT = "mg dexamethasone equivalent"

DOSES_PER_DAY: dict[str, int] = {"once": 1, "daily": 1, "BID": 2, "TID": 3, "QID": 4}
REPEATING = ("daily", "BID", "TID", "QID")
MG_PER_UNIT: dict[str, float] = {"mg": 1.0, "g": 1000.0}

DOSE_COLUMNS = ("dose_day", "dose_mg", "doses_per_day", "dex_eq_mg", "documented_minimum")
DAILY_COLUMNS = ("day", "dex_eq_mg", "cumulative_mg", "documented_minimum", "cumulative_minimum")


@dataclass(frozen=True)
class Assumption:
    """How one dose row was counted where the record left a choice, and where it comes from."""

    item: str
    dose: str
    day: int
    end_day: int | None
    source: str
    assumed: str
    #: True where the count may be below what was given (a documented minimum).
    minimum: bool

    def __str__(self) -> str:
        return (
            f"{self.item} {self.dose}, {day_text(self.day, self.end_day)} ({self.source}): "
            f"{self.assumed}"
        )


@dataclass(frozen=True)
class SteroidExposure:
    """Systemic corticosteroid doses in mg dexamethasone equivalent; see the module docstring."""

    doses: pd.DataFrame
    daily: pd.DataFrame
    intrathecal: pd.DataFrame
    assumptions: tuple[Assumption, ...]

    @property
    def cumulative_mg(self) -> float:
        """Everything given up to the last day shown."""
        return float(self.daily["cumulative_mg"].iloc[-1]) if len(self.daily) else 0.0

    @property
    def in_range_mg(self) -> float:
        return float(self.daily["dex_eq_mg"].sum())

    @property
    def documented_minimum(self) -> bool:
        """True where a shown number may be below what was given."""
        return bool(self.daily["cumulative_minimum"].any())


def dexamethasone_equivalent_mg(item: str, dose_mg: float) -> float:
    """1,000 mg methylprednisolone is 187.5 mg dexamethasone; KeyError for a drug not listed."""
    return dose_mg * DEXAMETHASONE_MG / EQUIVALENT_DOSE_MG[item.strip().lower()]


def corticosteroid_rows(events: pd.DataFrame) -> pd.DataFrame:
    """Drug rows of a corticosteroid in the equivalence table, any route."""
    names = events[Col.ITEM].str.strip().str.lower()
    return events[(events[Col.CATEGORY] == DRUG) & names.isin(list(EQUIVALENT_DOSE_MG))]


def _continued_next_day(row: pd.Series, rows: pd.DataFrame) -> bool:
    """Whether another row of the same drug covers the day after a one-day row."""
    after = int(row[Col.DAY]) + 1
    same = rows[rows[Col.ITEM] == row[Col.ITEM]]
    return bool(((same[Col.DAY] <= after) & (last_days(same) >= after)).any())


def _counted_days(row: pd.Series, rows: pd.DataFrame) -> tuple[list[int], int, list[str], bool]:
    """Days a dose row counts on, doses per day, what was assumed and whether it may undercount."""
    first = int(row[Col.DAY])
    last = first if pd.isna(row[Col.END_DAY]) else int(row[Col.END_DAY])
    frequency = row[Col.FREQUENCY]
    span = first != last
    if frequency in REPEATING:
        if span or _continued_next_day(row, rows):
            return list(range(first, last + 1)), DOSES_PER_DAY[frequency], [], False
        return (
            [first],
            DOSES_PER_DAY[frequency],
            [
                f"{frequency} dosing dated to day {first} only: counted on that day; "
                "the record does not say how long it went on"
            ],
            True,
        )
    on_first = f"on day {first}, the first day of the span" if span else ""
    if frequency == "once":
        assumed = [f"given once within the span: counted {on_first}"] if span else []
        return [first], 1, assumed, False
    if frequency == "taper":
        return (
            [first],
            1,
            [f"tapered, schedule not stated: only the starting dose counted, once on day {first}"],
            True,
        )
    what = "frequency not stated" if frequency == "" else "continuous, amount per day not stated"
    return [first], 1, [f"{what}: counted as one dose {on_first}".strip()], True


def _dose_text(row: pd.Series) -> str:
    if pd.isna(row[Col.VALUE]):
        return "(dose not stated)"
    return " ".join(p for p in (number_text(row[Col.VALUE]), row[Col.UNIT]) if p)


def _count(rows: pd.DataFrame, systemic: pd.DataFrame) -> tuple[pd.DataFrame, list[Assumption]]:
    """Rows as dose-days, and the assumptions made on the way; `systemic` holds every systemic
    row of the case, to see whether a one-day row is continued by another."""
    counted: dict[str, list] = {"event_id": [], **{name: [] for name in DOSE_COLUMNS}}
    assumptions: list[Assumption] = []
    for event_id, row in rows.iterrows():
        unit = row[Col.UNIT]
        if pd.isna(row[Col.VALUE]):
            assumed, minimum, days, per_day = ["dose not stated: not counted"], True, [], 0
        elif unit not in MG_PER_UNIT:
            assumed = [f"dose in '{unit or 'no unit'}' cannot be read as mg: not counted"]
            minimum, days, per_day = True, [], 0
        else:
            days, per_day, assumed, minimum = _counted_days(row, systemic)
        if row[Col.BASIS] == DERIVED:
            assumed = [f"derived row: {row[Col.DETAIL]}", *assumed]
        if assumed:
            end = row[Col.END_DAY]
            assumptions.append(
                Assumption(
                    item=row[Col.ITEM],
                    dose=" ".join(p for p in (_dose_text(row), row[Col.FREQUENCY]) if p),
                    day=int(row[Col.DAY]),
                    end_day=None if pd.isna(end) else int(end),
                    source=row[Col.SOURCE],
                    assumed="; ".join(assumed),
                    minimum=minimum,
                )
            )
        for day in days:
            dose_mg = float(row[Col.VALUE]) * MG_PER_UNIT[unit]
            for name, value in (
                ("event_id", event_id),
                ("dose_day", day),
                ("dose_mg", dose_mg),
                ("doses_per_day", per_day),
                ("dex_eq_mg", dexamethasone_equivalent_mg(row[Col.ITEM], dose_mg * per_day)),
                ("documented_minimum", minimum),
            ):
                counted[name].append(value)
    doses = rows.loc[counted.pop("event_id")].assign(**counted)
    return doses.astype(
        {
            "dose_day": "int64",
            "dose_mg": float,
            "doses_per_day": "int64",
            "dex_eq_mg": float,
            "documented_minimum": bool,
        }
    ), assumptions


def _daily(doses: pd.DataFrame, days: range) -> pd.DataFrame:
    by_day = doses.groupby("dose_day").agg(
        dex_eq_mg=("dex_eq_mg", "sum"), documented_minimum=("documented_minimum", "any")
    )
    first = min([days.start, *by_day.index])
    every = by_day.reindex(range(first, days.stop))
    every["dex_eq_mg"] = every["dex_eq_mg"].fillna(0.0)
    every["documented_minimum"] = every["documented_minimum"].eq(True)
    every["cumulative_mg"] = every["dex_eq_mg"].cumsum()
    every["cumulative_minimum"] = every["documented_minimum"].cummax()
    every = every.rename_axis("day").reset_index()
    every = every[every["day"].isin(days)].reset_index(drop=True)
    return every[list(DAILY_COLUMNS)].astype({"day": "int64", "dex_eq_mg": float})


def steroid_exposure(events: pd.DataFrame, day_range: Span | None = None) -> SteroidExposure:
    """Systemic corticosteroid exposure per day and cumulative, in mg dexamethasone equivalent.

    Without a range, the days run from the first to the last counted dose.
    """
    rows = corticosteroid_rows(events)
    intrathecal = rows[Col.ROUTE] == INTRATHECAL
    systemic = rows[~intrathecal]
    counted = systemic if day_range is None else systemic[systemic[Col.DAY] <= day_range[1]]
    doses, assumptions = _count(counted, systemic)
    if day_range is not None:
        days = range(day_range[0], day_range[1] + 1)
    elif len(doses):
        days = range(int(doses["dose_day"].min()), int(doses["dose_day"].max()) + 1)
    else:
        days = range(0)
    daily = _daily(doses, days)
    shown_it = rows[intrathecal]
    if day_range is not None:
        doses = doses[doses["dose_day"].between(*day_range)]
        shown_it = shown_it[shown_it[Col.DAY].between(*day_range)]
    return SteroidExposure(doses, daily, shown_it, tuple(assumptions))
