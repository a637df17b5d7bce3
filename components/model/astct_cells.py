"""The cells and footnotes of the ASTCT 2019 consensus tables, each in a few words.

Lee DW et al., ASTCT consensus grading for cytokine release syndrome and neurologic toxicity
associated with immune effector cells, Biol Blood Marrow Transplant 2019;25:625-638: Table 3
grades CRS, Table 5 grades ICANS in adults. A rule names the cell it implements and a derived row
says it (`str(cell)`: "Table 5 ICANS, ICE score: 3-6, grade 2"). The words are a paraphrase for
naming the cell, not the tables' prose.
"""

from __future__ import annotations

from dataclasses import dataclass

CRS, ICANS = "CRS", "ICANS"


@dataclass(frozen=True)
class Cell:
    """One cell or footnote of a consensus table, in a few words (a paraphrase, not its prose)."""

    syndrome: str
    domain: str
    grade: int | None
    words: str
    footnote: str = ""

    @property
    def table(self) -> str:
        return "Table 3" if self.syndrome == CRS else "Table 5"

    def __str__(self) -> str:
        """'Table 5 ICANS, ICE score: 3-6, grade 2', 'Table 3 CRS, footnote *: ...' or
        'Table 3 CRS, note: ...' (the line under a table)."""
        where = f"{self.table} {self.syndrome}"
        if self.grade is not None:
            return f"{where}, {self.domain}: {self.words}, grade {self.grade}"
        if self.footnote:
            return f"{where}, footnote {self.footnote}: {self.words}"
        return f"{where}, note: {self.words}"


# ---------------------------------------------------------------------------------------------
# Table 3, CRS: fever with hypotension and/or hypoxia; the more severe of the two sets the grade.

FEVER, HYPOTENSION, VASOPRESSORS, HYPOXIA = "fever", "hypotension", "vasopressors", "hypoxia"
#: What a CRS day needs recorded for its grade to be more than a lower bound.
OXYGEN_SUPPORT = "oxygen support"
CRS_DOMAINS = (FEVER, HYPOTENSION, VASOPRESSORS, OXYGEN_SUPPORT)

CRS_FEVER = Cell(CRS, FEVER, 1, "temperature ≥38.0 °C")
CRS_HYPOTENSION = Cell(CRS, HYPOTENSION, 2, "not requiring vasopressors")
CRS_ONE_VASOPRESSOR = Cell(
    CRS, HYPOTENSION, 3, "requiring a vasopressor with or without vasopressin"
)
CRS_VASOPRESSORS = Cell(CRS, HYPOTENSION, 4, "requiring multiple vasopressors (not vasopressin)")
CRS_LOW_FLOW = Cell(CRS, HYPOXIA, 2, "low-flow nasal cannula (≤6 L/min) or blow-by")
CRS_HIGH_FLOW = Cell(
    CRS, HYPOXIA, 3, "high-flow nasal cannula (>6 L/min), face mask, non-rebreather or Venturi mask"
)
CRS_POSITIVE_PRESSURE = Cell(CRS, HYPOXIA, 4, "positive pressure (CPAP, BiPAP, intubation)")
CRS_FEVER_NOT_REQUIRED = Cell(
    CRS,
    FEVER,
    None,
    "once CRS is graded, fever is not required after antipyretic, anti-cytokine or "
    "corticosteroid treatment",
    "*",
)
CRS_WORST_EVENT = Cell(
    CRS, "", None, "the more severe of hypotension and hypoxia sets the grade", "†"
)
CRS_FLOW = Cell(CRS, HYPOXIA, None, "low flow is ≤6 L/min (and blow-by), high flow >6 L/min", "‡")
CRS_OTHER_CAUSE = Cell(
    CRS, "", None, "fever, hypotension and hypoxia not attributable to another cause", "*, †"
)
CRS_ORGAN_TOXICITY = Cell(CRS, "", None, "organ toxicities do not change the CRS grade", "")

# ---------------------------------------------------------------------------------------------
# Table 5, ICANS (adults): the most severe domain not attributable to another cause.

ICE_DOMAIN, CONSCIOUSNESS, SEIZURES, MOTOR, ICP = (
    "ICE score",
    "level of consciousness",
    "seizures",
    "motor findings",
    "raised ICP / cerebral edema",
)
ICANS_DOMAINS = (ICE_DOMAIN, CONSCIOUSNESS, SEIZURES, MOTOR, ICP)

ICANS_ICE_1 = Cell(ICANS, ICE_DOMAIN, 1, "7-9")
ICANS_ICE_2 = Cell(ICANS, ICE_DOMAIN, 2, "3-6")
ICANS_ICE_3 = Cell(ICANS, ICE_DOMAIN, 3, "0-2")
ICANS_ICE_4 = Cell(ICANS, ICE_DOMAIN, 4, "0, unarousable and unable to be assessed")
ICANS_AWAKENS_SPONTANEOUSLY = Cell(ICANS, CONSCIOUSNESS, 1, "awakens spontaneously")
ICANS_AWAKENS_TO_VOICE = Cell(ICANS, CONSCIOUSNESS, 2, "awakens to voice")
ICANS_AWAKENS_TO_TOUCH = Cell(ICANS, CONSCIOUSNESS, 3, "awakens only to tactile stimulus")
ICANS_UNAROUSABLE = Cell(
    ICANS, CONSCIOUSNESS, 4, "unarousable or needing vigorous or repetitive stimuli; stupor, coma"
)
ICANS_SEIZURE = Cell(
    ICANS, SEIZURES, 3, "clinical seizure resolving rapidly, or non-convulsive seizure on EEG"
)
ICANS_PROLONGED_SEIZURE = Cell(
    ICANS, SEIZURES, 4, "prolonged (>5 min), or repetitive without return to baseline"
)
ICANS_DEEP_FOCAL_WEAKNESS = Cell(ICANS, MOTOR, 4, "deep focal motor weakness (hemi-, paraparesis)")
ICANS_FOCAL_EDEMA = Cell(ICANS, ICP, 3, "focal/local edema on neuroimaging")
ICANS_RAISED_ICP = Cell(
    ICANS,
    ICP,
    4,
    "diffuse edema, posturing, cranial nerve VI palsy, papilledema or Cushing's triad",
)
ICANS_WORST_DOMAIN = Cell(
    ICANS, "", None, "the most severe domain not attributable to another cause", ""
)
ICANS_ICE_0 = Cell(ICANS, ICE_DOMAIN, None, "ICE 0 is grade 4 only when unarousable", "*")
ICANS_NOT_SEDATED = Cell(
    ICANS,
    CONSCIOUSNESS,
    None,
    "depressed consciousness attributable to no other cause, such as sedation",
    "†",
)
ICANS_TREMOR = Cell(ICANS, MOTOR, None, "tremor and myoclonus do not change the ICANS grade", "‡")
ICANS_HEMORRHAGE = Cell(ICANS, ICP, None, "intracranial hemorrhage is not graded as ICANS", "§")

#: Every cell and footnote, in table order: the tests name one test per entry.
CELLS: tuple[Cell, ...] = (
    CRS_FEVER,
    CRS_HYPOTENSION,
    CRS_ONE_VASOPRESSOR,
    CRS_VASOPRESSORS,
    CRS_LOW_FLOW,
    CRS_HIGH_FLOW,
    CRS_POSITIVE_PRESSURE,
    CRS_FEVER_NOT_REQUIRED,
    CRS_WORST_EVENT,
    CRS_FLOW,
    CRS_OTHER_CAUSE,
    CRS_ORGAN_TOXICITY,
    ICANS_ICE_1,
    ICANS_ICE_2,
    ICANS_ICE_3,
    ICANS_ICE_4,
    ICANS_AWAKENS_SPONTANEOUSLY,
    ICANS_AWAKENS_TO_VOICE,
    ICANS_AWAKENS_TO_TOUCH,
    ICANS_UNAROUSABLE,
    ICANS_SEIZURE,
    ICANS_PROLONGED_SEIZURE,
    ICANS_DEEP_FOCAL_WEAKNESS,
    ICANS_FOCAL_EDEMA,
    ICANS_RAISED_ICP,
    ICANS_WORST_DOMAIN,
    ICANS_ICE_0,
    ICANS_NOT_SEDATED,
    ICANS_TREMOR,
    ICANS_HEMORRHAGE,
)
