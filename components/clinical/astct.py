"""What the ASTCT 2019 rules read and what they return: the findings of one event row, and the
grade of one calendar day.

`astct_crs.read` and `astct_icans.read` turn a row into `Finding`s, each naming the table cell
it stands for; `astct_crs.grade_day` and `astct_icans.grade_day` turn the findings of one day
into a `DayGrade`. A grade is the worst of its domains and a lower bound ("at least 2") while a
domain it needs is not recorded. Where nothing the day records can grade it (a finding
attributed to another cause, a level of consciousness under sedation), the grade is None: "not
gradeable", never 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from components.model.astct_cells import CRS_OTHER_CAUSE, ICANS, ICANS_WORST_DOMAIN, Cell
from components.model.formatting import number_text

#: The highest grade of both tables: "at least 4" is 4.
TOP_GRADE = 4


@dataclass(frozen=True)
class Row:
    """The cells of one event row that the rules read."""

    category: str
    item: str
    value: float
    value_max: float
    detail: str
    attribution: str
    route: str
    source: str

    def readings(self) -> list[float]:
        """The recorded numbers: a range's two ends, a single value, or none."""
        return [v for v in (self.value, self.value_max) if not math.isnan(v)]

    def range_text(self) -> str:
        """'0–2' or '5' (the readings as recorded)."""
        low, high = min(self.readings()), max(self.readings())
        if low == high:
            return number_text(low)
        return f"{number_text(low)}–{number_text(high)}"


@dataclass(frozen=True)
class Finding:
    """What one row says about one domain of a syndrome, and the grade it proves there.

    `grade` None: read and shown in the day's text, never graded (tremor, weakness that is not
    deep focal); a day with nothing else is not gradeable.
    """

    domain: str
    grade: int | None
    text: str
    cell: Cell | None = None
    source: str = ""
    attribution: str = ""
    #: A level-of-consciousness finding: not graded on a possibly sedated day.
    consciousness: bool = False
    not_sedated: bool = False
    #: What in the row itself points to sedation (a GCS with a verbal score of 'tube').
    sedation: str = ""
    #: The drug's name, for counting vasopressors.
    name: str = ""

    def reason(self) -> str:
        return f"{self.text} ({self.cell})" if self.cell else self.text


@dataclass(frozen=True)
class DayGrade:
    """The grade the findings of one day support, with the cell each reason rests on."""

    syndrome: str
    grade: int | None
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def at_least(self) -> bool:
        """True where a domain that could raise the grade is not recorded."""
        return self.grade is not None and self.grade < TOP_GRADE and bool(self.missing)

    def describe(self) -> str:
        """The text of a derived row and of the grade check's criterion."""
        if self.grade is None:
            return "not gradeable: " + "; ".join(self.set_aside)
        bound = "at least grade" if self.at_least else "grade"
        text = f"ASTCT 2019, {bound} {self.grade}: " + "; ".join(self.reasons)
        if self.at_least:
            text += ". Not recorded: " + ", ".join(self.missing)
        if self.set_aside:
            text += ". Not graded: " + "; ".join(self.set_aside)
        return text


def split_attributed(syndrome: str, findings: Sequence[Finding]) -> tuple[list[Finding], list[str]]:
    """The findings that count, and the text of those attributed to another cause: 'intubation
    attributed to airway protection (Table 3 CRS, footnote ...)'."""
    cell = ICANS_WORST_DOMAIN if syndrome == ICANS else CRS_OTHER_CAUSE
    counted = [f for f in findings if not f.attribution]
    attributed = [
        f"{f.text} attributed to {f.attribution} ({cell})" for f in findings if f.attribution
    ]
    return counted, attributed


def day_grade(
    syndrome: str,
    graded: Sequence[Finding],
    set_aside: Sequence[str],
    missing: Sequence[str],
    findings: Sequence[Finding],
    lead: Sequence[str] = (),
) -> DayGrade:
    """The worst graded finding sets the grade (the tables' "most severe event" rule); the
    reasons list it first. No graded finding: not gradeable."""
    sources = tuple(dict.fromkeys(f.source for f in findings if f.source))
    if not graded:
        return DayGrade(syndrome, None, set_aside=tuple(set_aside), sources=sources)
    ordered = sorted(graded, key=lambda f: (-(f.grade or 0), f.text))
    return DayGrade(
        syndrome,
        ordered[0].grade,
        (*lead, *(f.reason() for f in ordered)),
        tuple(missing),
        tuple(set_aside),
        sources,
    )
