"""ASTCT 2019 Table 5 (ICANS, adults) as pure rules: a row's findings, and one day's grade.

Lee DW et al., Biol Blood Marrow Transplant 2019;25:625-638. The grade is the most severe of
five domains (ICE score, level of consciousness, seizures, motor findings, raised intracranial
pressure) not attributable to another cause. Two readings are this project's own and say so in
every row that uses them: the GCS eye response read as the level of consciousness (E3 to voice,
E2 to touch, E1 unarousable; E4 proves nothing), and GCS motor responses M3 and M2 read as
decorticate and decerebrate posturing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from components.clinical.astct import DayGrade, Finding, Row, day_grade, split_attributed
from components.model.astct import (
    ALERT_WORDS,
    COMA,
    DEEP_FOCAL_WEAKNESS,
    DEEP_FOCAL_WORDS,
    GCS,
    ICANS_ITEMS,
    ICE,
    LEVEL_OF_CONSCIOUSNESS,
    MOTOR_WEAKNESS,
    NEVER_GRADED,
    NON_CONVULSIVE_SEIZURE,
    NOT_SEDATED_WORDS,
    PROLONGED_SEIZURE_WORDS,
    RAISED_ICP,
    SCORES,
    SEIZURE,
    SPONTANEOUS_WORDS,
    STATUS_EPILEPTICUS,
    STUPOR,
    TOUCH_WORDS,
    UNAROUSABLE_WORDS,
    VOICE_WORDS,
    normalized,
    says,
)
from components.model.astct_cells import (
    CONSCIOUSNESS,
    ICANS,
    ICANS_AWAKENS_SPONTANEOUSLY,
    ICANS_AWAKENS_TO_TOUCH,
    ICANS_AWAKENS_TO_VOICE,
    ICANS_DEEP_FOCAL_WEAKNESS,
    ICANS_DOMAINS,
    ICANS_ICE_1,
    ICANS_ICE_2,
    ICANS_ICE_3,
    ICANS_ICE_4,
    ICANS_NOT_SEDATED,
    ICANS_PROLONGED_SEIZURE,
    ICANS_RAISED_ICP,
    ICANS_SEIZURE,
    ICANS_UNAROUSABLE,
    ICE_DOMAIN,
    ICP,
    MOTOR,
    Cell,
)
from components.model.drugs import DRUG

PROJECT_READING = "the project's reading"


def ice_cell(score: float) -> Cell | None:
    """The ICE score cell: 10 none, 7-9 grade 1, 3-6 grade 2, 0-2 grade 3 (Table 5, ICE score)."""
    if not 0 <= score <= 10:
        raise ValueError(f"ICE score must be 0-10, got {score}")
    if score >= 10:
        return None
    if score >= 7:
        return ICANS_ICE_1
    return ICANS_ICE_2 if score >= 3 else ICANS_ICE_3


def _ice(row: Row) -> list[Finding]:
    if not row.readings():
        return []
    worst = min(row.readings())
    if worst == 0 and says(row.detail, UNAROUSABLE_WORDS):
        # Footnote *: ICE 0 is grade 4 only when the patient cannot be woken to be assessed,
        # which is a level of consciousness, and sedation can explain it.
        return [_finding(row, ICANS_ICE_4, "ICE 0, unarousable", consciousness=True)]
    cell = ice_cell(worst)
    if cell is None:
        text = "ICE 10 (no ICANS by the ICE score of Table 5 ICANS)"
        return [Finding(ICE_DOMAIN, 0, text, source=row.source)]
    return [_finding(row, cell, f"ICE {row.range_text()}")]


# ---------------------------------------------------------------------------------------------
# The GCS: eye response as consciousness, motor response as posturing (the project's reading).

_COMPONENT = re.compile(r"(?<![A-Za-z])([EMV])\s*(\d)(?:\s*-\s*(\d)(?!\d))?")
_TUBE = re.compile(r"(?<![A-Za-z])V\s*(?:[Tt]ube|T)\b")
EYE_CELLS: dict[int, tuple[Cell, str]] = {
    3: (ICANS_AWAKENS_TO_VOICE, "opens to voice"),
    2: (ICANS_AWAKENS_TO_TOUCH, "opens to pressure"),
    1: (ICANS_UNAROUSABLE, "does not open"),
}
POSTURING = {3: "decorticate posturing (abnormal flexion)", 2: "decerebrate posturing (extension)"}


def gcs_components(detail: str) -> dict[str, list[int]]:
    """The GCS readings named in a detail, by component: 'E3M1V1 - E4M5V1' gives E [3, 4],
    M [1, 5], V [1, 1]; 'E3-4 M6 V3-4' gives E [3, 4]. Only the stated ends of a range, never
    the values between them."""
    found: dict[str, list[int]] = {"E": [], "M": [], "V": []}
    for letter, first, last in _COMPONENT.findall(detail):
        found[letter] += [int(first)] + ([int(last)] if last else [])
    return found


def _gcs(row: Row) -> list[Finding]:
    parts = gcs_components(row.detail)
    findings = []
    eyes = [e for e in parts["E"] if 1 <= e <= 4]
    if eyes:
        eye = min(eyes)
        tube = "intubation (GCS verbal 'tube')" if _TUBE.search(row.detail) else ""
        if eye == 4:
            text = (
                f"GCS E4 (eyes open spontaneously: no depressed consciousness, {PROJECT_READING})"
            )
            findings.append(Finding(CONSCIOUSNESS, 0, text, source=row.source))
        else:
            cell, said = EYE_CELLS[eye]
            text = f"GCS E{eye} ({said}, read as the level of consciousness, {PROJECT_READING})"
            findings.append(_finding(row, cell, text, consciousness=True, sedation=tube))
    posture = next((m for m in (2, 3) if m in parts["M"]), None)
    if posture:
        text = f"GCS M{posture} read as {POSTURING[posture]}, {PROJECT_READING}"
        findings.append(_finding(row, ICANS_RAISED_ICP, text))
    return findings


# ---------------------------------------------------------------------------------------------
# Named findings.


def _finding(row: Row, cell: Cell, text: str, **kwargs) -> Finding:
    return Finding(
        cell.domain,
        cell.grade,
        text,
        cell,
        row.source,
        row.attribution,
        not_sedated=says(row.detail, NOT_SEDATED_WORDS) is not None,
        **kwargs,
    )


LEVELS: tuple[tuple[tuple[str, ...], Cell], ...] = (
    (UNAROUSABLE_WORDS, ICANS_UNAROUSABLE),
    (TOUCH_WORDS, ICANS_AWAKENS_TO_TOUCH),
    (VOICE_WORDS, ICANS_AWAKENS_TO_VOICE),
    (SPONTANEOUS_WORDS, ICANS_AWAKENS_SPONTANEOUSLY),
)


def _consciousness(row: Row, name: str) -> list[Finding]:
    for words, cell in LEVELS:
        if says(row.detail, words):
            return [_finding(row, cell, f"consciousness ({row.detail})", consciousness=True)]
    if says(row.detail, ALERT_WORDS):
        return [Finding(CONSCIOUSNESS, 0, "consciousness: alert", source=row.source)]
    text = (
        f"consciousness '{row.detail}' without a level the rules read (awakens spontaneously, "
        "to voice, only to touch, unarousable)"
    )
    return [Finding(CONSCIOUSNESS, None, text, source=row.source)]


def _seizure(row: Row, name: str) -> list[Finding]:
    said = says(row.detail, PROLONGED_SEIZURE_WORDS)
    if name == STATUS_EPILEPTICUS.name or said:
        what = name.lower() + (f", {said}" if said else "")
        return [_finding(row, ICANS_PROLONGED_SEIZURE, what)]
    return [_finding(row, ICANS_SEIZURE, name.lower())]


def _weakness(row: Row, name: str) -> list[Finding]:
    said = says(row.detail, DEEP_FOCAL_WORDS)
    if said:
        return [_finding(row, ICANS_DEEP_FOCAL_WEAKNESS, f"motor weakness, {said}")]
    text = (
        "motor weakness not described as deep focal: shown, not graded "
        f"({ICANS_DEEP_FOCAL_WEAKNESS})"
    )
    return [Finding(MOTOR, None, text, source=row.source)]


def _fixed(table: dict) -> dict[str, Cell]:
    return {term.name: cell for term, cell in table.items()}


FIXED_CELLS: dict[str, Cell] = {
    STUPOR.name: ICANS_UNAROUSABLE,
    COMA.name: ICANS_UNAROUSABLE,
    **_fixed(DEEP_FOCAL_WEAKNESS),
    **_fixed(RAISED_ICP),
}
NEVER_GRADED_CELLS = _fixed(NEVER_GRADED)


def _named(row: Row, name: str) -> list[Finding]:
    if name in NEVER_GRADED_CELLS:
        text = f"{name.lower()}: shown, not graded ({NEVER_GRADED_CELLS[name]})"
        return [Finding(ICP if "hemorrhage" in name else MOTOR, None, text, source=row.source)]
    cell = FIXED_CELLS[name]
    return [_finding(row, cell, name.lower(), consciousness=cell.domain == CONSCIOUSNESS)]


READERS: dict[str, Callable[[Row, str], list[Finding]]] = {
    LEVEL_OF_CONSCIOUSNESS.name: _consciousness,
    SEIZURE.name: _seizure,
    NON_CONVULSIVE_SEIZURE.name: _seizure,
    STATUS_EPILEPTICUS.name: _seizure,
    MOTOR_WEAKNESS.name: _weakness,
}


def read(row: Row) -> list[Finding]:
    """The ICANS findings of one row: ICE and GCS scores, and the named findings of any
    category but grades and drugs."""
    name = normalized(row.item)
    if row.category == "score":
        score = SCORES.get(name)
        return _ice(row) if score == ICE.name else _gcs(row) if score == GCS.name else []
    term = ICANS_ITEMS.get(name)
    if row.category in ("grade", DRUG) or term is None:
        return []
    return READERS.get(term, _named)(row, term)


def grade_day(findings: Sequence[Finding], sedation: str = "") -> DayGrade | None:
    """The ICANS grade of one day from its findings.

    `sedation` says what may sedate the patient that day ("propofol on day 3"): a depressed
    level of consciousness is then not graded (Table 5, footnote †) unless its row says
    'not sedated'. A normal reading (E4, alert) stands whatever the sedation.
    """
    if not findings:
        return None
    counted, set_aside = split_attributed(ICANS, findings)
    graded = []
    for finding in counted:
        why = finding.sedation or sedation
        if finding.consciousness and finding.grade and why and not finding.not_sedated:
            set_aside.append(f"possibly sedated: {finding.text} with {why} ({ICANS_NOT_SEDATED})")
        elif finding.grade is None:
            set_aside.append(finding.text)
        else:
            graded.append(finding)
    recorded = {f.domain for f in graded}
    missing = [d for d in ICANS_DOMAINS if d not in recorded]
    return day_grade(ICANS, graded, set_aside, missing, findings)
