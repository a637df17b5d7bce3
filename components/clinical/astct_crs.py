"""ASTCT 2019 Table 3 (CRS) as pure rules: a row's findings, and one day's grade.

Lee DW et al., Biol Blood Marrow Transplant 2019;25:625-638. CRS is fever (38.0 °C or more)
with hypotension and/or hypoxia; the more severe of the two sets the grade (footnote †). Once
CRS has been graded and an antipyretic, anti-cytokine drug or corticosteroid given, fever is no
longer required for the rest of that episode (footnote *); the episode is followed day by day in
`grading`, which passes the drug and its day here. A systolic pressure under 90 mmHg read as
hypotension is this project's threshold, named wherever it is used. Organ toxicities are never
read (the table's note).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from components.clinical.astct import DayGrade, Finding, Row, day_grade, split_attributed
from components.model.astct import (
    CRS_ITEMS,
    FEVER_SYMPTOM,
    HYPOTENSION_SYMPTOM,
    OXYGEN,
    OXYGEN_DEVICES,
    POSITIVE_PRESSURE,
    ROOM_AIR,
    ROOM_AIR_WORDS,
    SYSTOLIC_BP,
    TEMPERATURE,
    VASOPRESSIN,
    VASOPRESSOR_NAMES,
    device_cell,
    normalized,
    says,
)
from components.model.astct_cells import (
    CRS,
    CRS_DOMAINS,
    CRS_FEVER,
    CRS_FEVER_NOT_REQUIRED,
    CRS_HIGH_FLOW,
    CRS_HYPOTENSION,
    CRS_LOW_FLOW,
    CRS_ONE_VASOPRESSOR,
    CRS_POSITIVE_PRESSURE,
    CRS_VASOPRESSORS,
    FEVER,
    HYPOTENSION,
    OXYGEN_SUPPORT,
    VASOPRESSORS,
    Cell,
)
from components.model.drugs import DRUG, INTRATHECAL
from components.model.formatting import number_text

FEVER_C = 38.0
#: The project's threshold for hypotension: the table does not give one.
HYPOTENSION_SYSTOLIC_MMHG = 90
#: Above this flow oxygen is high-flow (Table 3, footnote ‡).
LOW_FLOW_MAX_L_MIN = 6.0


def _finding(row: Row, cell: Cell | None, domain: str, grade: int, text: str) -> Finding:
    return Finding(domain, grade, text, cell, row.source, row.attribution)


def _temperature(row: Row, name: str) -> list[Finding]:
    if not row.readings():
        return []
    highest = max(row.readings())
    if highest >= FEVER_C:
        return [_finding(row, CRS_FEVER, FEVER, 1, f"temperature {number_text(highest)} °C")]
    text = f"temperature {number_text(highest)} °C, no fever (Table 3 CRS needs {FEVER_C:.1f} °C)"
    return [_finding(row, None, FEVER, 0, text)]


def _systolic(row: Row, name: str) -> list[Finding]:
    if not row.readings():
        return []
    lowest = min(row.readings())
    if lowest < HYPOTENSION_SYSTOLIC_MMHG:
        text = (
            f"systolic BP {number_text(lowest)} mmHg, hypotension "
            f"(under {HYPOTENSION_SYSTOLIC_MMHG}, the project's threshold)"
        )
        return [_finding(row, CRS_HYPOTENSION, HYPOTENSION, 2, text)]
    text = f"systolic BP {number_text(lowest)} mmHg, no hypotension"
    return [_finding(row, None, HYPOTENSION, 0, text)]


def oxygen_cell(flow: float | None, device: str) -> tuple[Cell | None, str]:
    """The hypoxia cell of oxygen given at `flow` L/min (None: not stated) through a device
    named in `device`; the worse of the two. 0 L/min or room air: no oxygen (None)."""
    if says(device, ROOM_AIR_WORDS) or flow == 0:
        return None, "room air"
    said = device_cell(device)
    cells = [said] if said else []
    if flow is not None:
        cell = CRS_HIGH_FLOW if flow > LOW_FLOW_MAX_L_MIN else CRS_LOW_FLOW
        cells.append((f"{number_text(flow)} L/min", cell))
    if not cells:
        # Any supplemental oxygen is at least low-flow: the grade is then a lower bound.
        return CRS_LOW_FLOW, "oxygen, flow and device not stated"
    text = "oxygen " + ", ".join(what for what, _ in cells)
    return max((cell for _, cell in cells), key=lambda c: c.grade), text


def _oxygen(row: Row, name: str) -> list[Finding]:
    flow = max(row.readings()) if row.readings() else None
    device = row.detail if name == OXYGEN.name else f"{name} {row.detail}"
    cell, text = oxygen_cell(flow, device)
    if cell is None:
        return [_finding(row, None, OXYGEN_SUPPORT, 0, text)]
    return [_finding(row, cell, OXYGEN_SUPPORT, cell.grade, text)]


def _room_air(row: Row, name: str) -> list[Finding]:
    return [_finding(row, None, OXYGEN_SUPPORT, 0, "room air")]


def _stated(cell: Cell, domain: str, text: str) -> Callable[[Row, str], list[Finding]]:
    return lambda row, name: [_finding(row, cell, domain, cell.grade, text or name)]


READERS: dict[str, Callable[[Row, str], list[Finding]]] = {
    TEMPERATURE.name: _temperature,
    FEVER_SYMPTOM.name: _stated(CRS_FEVER, FEVER, "fever (stated)"),
    SYSTOLIC_BP.name: _systolic,
    HYPOTENSION_SYMPTOM.name: _stated(CRS_HYPOTENSION, HYPOTENSION, "hypotension (stated)"),
    OXYGEN.name: _oxygen,
    ROOM_AIR.name: _room_air,
    **{term.name: _oxygen for term in OXYGEN_DEVICES},
    **{term.name: _stated(CRS_POSITIVE_PRESSURE, OXYGEN_SUPPORT, "") for term in POSITIVE_PRESSURE},
}


def read(row: Row) -> list[Finding]:
    """The CRS findings of one row: vital signs, oxygen and ventilation, vasopressor drugs."""
    name = normalized(row.item)
    if row.category == DRUG:
        drug = VASOPRESSOR_NAMES.get(name)
        if drug is None or row.route == INTRATHECAL:
            return []
        return [
            Finding(VASOPRESSORS, 3, drug.lower(), None, row.source, row.attribution, name=drug)
        ]
    term = CRS_ITEMS.get(name)
    if row.category in ("grade", "score") or term is None:
        return []
    return READERS[term](row, term)


def _vasopressors(findings: Sequence[Finding]) -> list[Finding]:
    """The vasopressors of a day as one finding: one of any kind (vasopressin alone included)
    is grade 3, two or more not counting vasopressin grade 4."""
    names = sorted({f.name for f in findings if f.domain == VASOPRESSORS})
    if not names:
        return []
    several = len([n for n in names if n != VASOPRESSIN.name]) >= 2
    cell = CRS_VASOPRESSORS if several else CRS_ONE_VASOPRESSOR
    return [Finding(VASOPRESSORS, cell.grade, " and ".join(n.lower() for n in names), cell)]


def grade_day(findings: Sequence[Finding], fever_waived_after: str = "") -> DayGrade | None:
    """The CRS grade of one day from its findings.

    `fever_waived_after` ("tocilizumab on day 5"), set within a graded CRS episode after an
    antipyretic, anti-cytokine drug or corticosteroid, means fever is not required. Without
    fever, CRS is not graded: grade 0 where a temperature under 38.0 °C is recorded, not
    gradeable where none is.
    """
    if not findings:
        return None
    counted, set_aside = split_attributed(CRS, findings)
    fevers = [f for f in counted if f.domain == FEVER]
    signs = [f for f in counted if f.domain not in (FEVER, VASOPRESSORS)]
    graded = [*fevers, *signs, *_vasopressors(counted)]
    recorded = {f.domain for f in graded}
    if any(f.grade for f in fevers) or fever_waived_after:
        if VASOPRESSORS in recorded:
            recorded.add(HYPOTENSION)
        lead = ()
        if fever_waived_after and not any(f.grade for f in fevers):
            recorded.add(FEVER)
            lead = (f"fever not required after {fever_waived_after} ({CRS_FEVER_NOT_REQUIRED})",)
        missing = [d for d in CRS_DOMAINS if d not in recorded]
        return day_grade(CRS, graded, set_aside, missing, findings, lead)
    without_fever = [f"{f.text}: not CRS without fever" for f in graded if f.domain != FEVER]
    if fevers:
        return day_grade(CRS, fevers, [*without_fever, *set_aside], (), findings)
    if without_fever:
        attributed = any(f.attribution and f.domain == FEVER for f in findings)
        missing_fever = "no fever that counts" if attributed else "no temperature recorded"
        set_aside.insert(
            0,
            f"{missing_fever}, and fever is required outside a treated CRS episode "
            f"({CRS_FEVER_NOT_REQUIRED})",
        )
    return day_grade(CRS, [], [*set_aside, *without_fever], (), findings)
