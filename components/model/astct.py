"""The ASTCT 2019 vocabulary: the names a case uses for what the grading rules read.

The rules are in `components/clinical/astct_crs.py` and `astct_icans.py`, the table cells in
`astct_cells`; this module holds only names and words, so the rules, the validation notes and
the vocabulary table of data/README.md (`astct_table.vocabulary_markdown`) read the same lists.
Names are read without regard to case, hyphens or curly apostrophes (`normalized`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.model.astct_cells import (
    CRS_HIGH_FLOW,
    CRS_LOW_FLOW,
    CRS_POSITIVE_PRESSURE,
    ICANS_DEEP_FOCAL_WEAKNESS,
    ICANS_FOCAL_EDEMA,
    ICANS_HEMORRHAGE,
    ICANS_RAISED_ICP,
    ICANS_TREMOR,
    Cell,
)
from components.model.drugs import (
    ANTI_CYTOKINE,
    CORTICOSTEROID,
    DRUG,
    DRUG_CLASS_OF,
    OTHER_DRUG,
    drug_class,
)


def normalized(name: str) -> str:
    """'Non-Rebreather  mask' -> 'non rebreather mask': case, hyphens and spacing set aside."""
    name = name.replace("’", "'").replace("-", " ").replace("_", " ").lower()
    return " ".join(name.split())


@dataclass(frozen=True)
class Term:
    """An item name as data/README.md lists it, and the other names read as the same thing."""

    name: str
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


def _index(*groups: tuple[Term, ...]) -> dict[str, str]:
    """Each normalized name and synonym to its term's name."""
    return {normalized(n): term.name for group in groups for term in group for n in term.names}


# Scores.
ICE = Term("ICE", ("ICE score",))
GCS = Term("GCS", ("Glasgow Coma Scale",))
# ICANS items with a grade of their own (any category but grade and drug).
LEVEL_OF_CONSCIOUSNESS = Term("Consciousness", ("Level of consciousness",))
STUPOR, COMA = Term("Stupor"), Term("Coma")
SEIZURE = Term(
    "Seizure",
    ("Seizures", "Clinical seizure", "Focal seizure", "Generalized seizure", "Generalised seizure"),
)
NON_CONVULSIVE_SEIZURE = Term(
    "Non-convulsive seizure",
    ("Nonconvulsive seizure", "Non-convulsive seizures", "Electrographic seizure"),
)
STATUS_EPILEPTICUS = Term("Status epilepticus", ("Non-convulsive status epilepticus", "NCSE"))
MOTOR_WEAKNESS = Term("Motor weakness", ("Weakness", "Focal weakness"))
DEEP_FOCAL_WEAKNESS: dict[Term, Cell] = {
    Term("Hemiparesis", ("Hemiplegia",)): ICANS_DEEP_FOCAL_WEAKNESS,
    Term("Paraparesis", ("Paraplegia",)): ICANS_DEEP_FOCAL_WEAKNESS,
}
RAISED_ICP: dict[Term, Cell] = {
    Term(
        "Focal cerebral edema", ("Focal cerebral oedema", "Local cerebral edema")
    ): ICANS_FOCAL_EDEMA,
    Term("Diffuse cerebral edema", ("Diffuse cerebral oedema",)): ICANS_RAISED_ICP,
    Term("Papilledema", ("Papilloedema",)): ICANS_RAISED_ICP,
    Term("Decerebrate posturing"): ICANS_RAISED_ICP,
    Term("Decorticate posturing"): ICANS_RAISED_ICP,
    Term(
        "Cranial nerve VI palsy",
        ("Abducens palsy", "Abducens nerve palsy", "Sixth nerve palsy", "CN VI palsy"),
    ): ICANS_RAISED_ICP,
    Term("Cushing's triad", ("Cushing triad", "Cushings triad")): ICANS_RAISED_ICP,
}
#: Shown, never graded: the footnote each one rests on.
NEVER_GRADED: dict[Term, Cell] = {
    Term("Tremor"): ICANS_TREMOR,
    Term("Myoclonus"): ICANS_TREMOR,
    Term("Intracranial hemorrhage", ("Intracranial haemorrhage",)): ICANS_HEMORRHAGE,
}

# CRS items.
TEMPERATURE = Term("Temperature", ("Body temperature", "Temp"))
FEVER_SYMPTOM = Term("Fever")
SYSTOLIC_BP = Term("Systolic blood pressure", ("Systolic BP", "SBP"))
HYPOTENSION_SYMPTOM = Term("Hypotension")
VASOPRESSIN = Term("Vasopressin", ("Argipressin",))
VASOPRESSOR_DRUGS: tuple[Term, ...] = (
    Term("Norepinephrine", ("Noradrenaline",)),
    Term("Epinephrine", ("Adrenaline",)),
    Term("Dopamine"),
    Term("Phenylephrine"),
    Term("Angiotensin II"),
    VASOPRESSIN,
)
OXYGEN = Term("Oxygen", ("Supplemental oxygen", "O2"))
ROOM_AIR = Term("Room air")
#: Oxygen devices, as an item of their own (status) or named in an `Oxygen` row's detail.
OXYGEN_DEVICES: dict[Term, Cell] = {
    Term("Nasal cannula", ("Low-flow nasal cannula",)): CRS_LOW_FLOW,
    Term("Blow-by oxygen", ("Blow-by",)): CRS_LOW_FLOW,
    Term("High-flow nasal cannula", ("HFNC", "High flow nasal cannula")): CRS_HIGH_FLOW,
    Term("Face mask", ("Facemask", "Simple face mask", "Mask", "Oxygen mask")): CRS_HIGH_FLOW,
    Term("Non-rebreather mask", ("Non-rebreather", "Nonrebreather mask", "NRB")): CRS_HIGH_FLOW,
    Term("Venturi mask", ("Venturi",)): CRS_HIGH_FLOW,
}
INTUBATION = Term("Intubation", ("Endotracheal intubation",))
MECHANICAL_VENTILATION = Term(
    "Mechanical ventilation", ("Invasive ventilation", "Invasive mechanical ventilation")
)
POSITIVE_PRESSURE: tuple[Term, ...] = (
    Term("CPAP", ("Continuous positive airway pressure",)),
    Term("BiPAP", ("BIPAP", "Bilevel positive airway pressure")),
    Term("Non-invasive ventilation", ("NIV", "Noninvasive ventilation")),
    INTUBATION,
    MECHANICAL_VENTILATION,
)
#: Rows that put the patient on an endotracheal tube: consciousness may be sedated.
INVASIVE_VENTILATION = (INTUBATION.name, MECHANICAL_VENTILATION.name)

# Drugs that change how other findings are read.
SEDATIVES: tuple[Term, ...] = tuple(
    Term(name)
    for name in (
        "Propofol",
        "Midazolam",
        "Lorazepam",
        "Diazepam",
        "Dexmedetomidine",
        "Ketamine",
        "Fentanyl",
        "Remifentanil",
        "Sufentanil",
        "Morphine",
        "Thiopental",
        "Pentobarbital",
        "Phenobarbital",
    )
)
ANTIPYRETICS: tuple[Term, ...] = (
    Term("Paracetamol", ("Acetaminophen",)),
    Term("Ibuprofen"),
    Term("Metamizole", ("Dipyrone",)),
    Term("Naproxen"),
    Term("Diclofenac"),
    Term("Ketorolac"),
)
#: Anti-cytokine drugs and systemic corticosteroids, from the drug classes of `drugs`.
ANTI_CYTOKINES: tuple[Term, ...] = tuple(
    Term(name.capitalize()) for name, kind in DRUG_CLASS_OF.items() if kind == ANTI_CYTOKINE
)
CORTICOSTEROIDS: tuple[Term, ...] = tuple(
    Term(name.capitalize()) for name, kind in DRUG_CLASS_OF.items() if kind == CORTICOSTEROID
)

SCORES = _index((ICE, GCS))
ICANS_ITEMS = _index(
    (LEVEL_OF_CONSCIOUSNESS, STUPOR, COMA, SEIZURE, NON_CONVULSIVE_SEIZURE, STATUS_EPILEPTICUS),
    (MOTOR_WEAKNESS,),
    tuple(DEEP_FOCAL_WEAKNESS),
    tuple(RAISED_ICP),
    tuple(NEVER_GRADED),
)
CRS_ITEMS = _index(
    (TEMPERATURE, FEVER_SYMPTOM, SYSTOLIC_BP, HYPOTENSION_SYMPTOM, OXYGEN, ROOM_AIR),
    tuple(OXYGEN_DEVICES),
    POSITIVE_PRESSURE,
)
VASOPRESSOR_NAMES = _index(VASOPRESSOR_DRUGS)
SEDATIVE_NAMES = _index(SEDATIVES)
#: Drugs after which, within a graded CRS episode, fever is no longer required.
FEVER_MASKING_NAMES = _index(ANTIPYRETICS, ANTI_CYTOKINES, CORTICOSTEROIDS)

# ---------------------------------------------------------------------------------------------
# Words read in `detail`. A phrase right after "no" or "not" does not count ("not prolonged").

UNAROUSABLE_WORDS = (
    "unarousable",
    "unrousable",
    "vigorous",
    "repetitive tactile",
    "stupor",
    "stuporous",
    "coma",
    "comatose",
)
TOUCH_WORDS = ("only to touch", "to touch", "tactile", "to pressure", "to pain")
VOICE_WORDS = ("to voice", "to speech", "to verbal stimuli")
SPONTANEOUS_WORDS = ("spontaneously",)
ALERT_WORDS = ("alert",)
PROLONGED_SEIZURE_WORDS = (
    "prolonged",
    "without return to baseline",
    ">5 min",
    "> 5 min",
    ">5 minutes",
    "> 5 minutes",
    "more than 5 minutes",
    "longer than 5 minutes",
    "status epilepticus",
)
DEEP_FOCAL_WORDS = ("deep focal", "hemiparesis", "paraparesis", "hemiplegia", "paraplegia")
NOT_SEDATED_WORDS = ("not sedated", "off sedation", "sedation hold")
ROOM_AIR_WORDS = ("room air",)
POSITIVE_PRESSURE_WORDS = ("cpap", "bipap", "niv", "non invasive ventilation", "noninvasive")


def says(detail: str, words: tuple[str, ...]) -> str | None:
    """The first of `words` that `detail` says, not negated just before it; None if none."""
    text = normalized(detail)
    for word in words:
        phrase = normalized(word)
        for match in re.finditer(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text):
            before = text[: match.start()].split()[-1:]
            if before not in (["no"], ["not"]) or phrase.startswith(("no ", "not ")):
                return word
    return None


def device_cell(text: str) -> tuple[str, Cell] | None:
    """The most severe oxygen device named in a text, with its cell."""
    found = [
        (term.name, cell)
        for term, cell in OXYGEN_DEVICES.items()
        for name in term.names
        if says(text, (name,))
    ]
    if says(text, POSITIVE_PRESSURE_WORDS):
        found.append(("positive pressure", CRS_POSITIVE_PRESSURE))
    return max(found, key=lambda f: f[1].grade, default=None)


# ---------------------------------------------------------------------------------------------
# Items the rules do not read: `case-timeline validate` names them with the words to use.

#: Status items other parts of the tool read (ICU days), which the grading need not.
OTHER_KNOWN_STATUS = ("icu stay",)
#: Words in an item name that suggest a graded domain, with the vocabulary for that domain.
DOMAIN_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("conscious", "drows", "somnol", "letharg", "obtund", "arous", "responsive", "sedat"),
        "Consciousness (detail: awakens spontaneously / to voice / only to touch / unarousable), "
        "Stupor, Coma, or the GCS with its eye response (E1-E4)",
    ),
    (
        ("seiz", "epilep", "convuls"),
        "Seizure (detail 'prolonged' or 'without return to baseline' for grade 4), "
        "Non-convulsive seizure, Status epilepticus",
    ),
    (
        ("weak", "pares", "pleg", "motor"),
        "Hemiparesis, Paraparesis, or Motor weakness with 'deep focal' in detail",
    ),
    (
        ("edema", "oedema", "papill", "postur", "palsy", "cushing", "intracranial"),
        "Focal cerebral edema, Diffuse cerebral edema, Papilledema, Decerebrate posturing, "
        "Decorticate posturing, Cranial nerve VI palsy, Cushing's triad",
    ),
    (("fever", "pyrex", "febril", "temperat"), "Temperature (vital, °C) or Fever"),
    (
        ("hypotens", "pressure", "shock", "pressor"),
        "Systolic blood pressure (vital, mmHg), Hypotension, or a vasopressor drug",
    ),
    (
        ("oxygen", "o2", "hypox", "cannula", "prong", "mask", "ventil", "respirat", "airway",
         "intubat", "spo2", "saturation"),
        "Oxygen (status, L/min, device in detail), Room air, a device (Nasal cannula, "
        "High-flow nasal cannula, Face mask, Non-rebreather mask, Venturi mask, Blow-by oxygen), "
        "CPAP, BiPAP, Non-invasive ventilation, Intubation, Mechanical ventilation",
    ),
)  # fmt: skip
#: Categories whose items the grading may read; a drug is only named when no list knows it.
NOTED_CATEGORIES = ("symptom", "status", "vital", "procedure", "imaging", "score", DRUG)
VITAL_HINT = "Temperature (°C) or Systolic blood pressure (mmHg)"
SCORE_HINT = "ICE (0-10) or GCS (3-15, components in detail)"
DRUG_HINT = (
    "the generic name: a vasopressor (Norepinephrine or noradrenaline, Epinephrine or "
    "adrenaline, Dopamine, Phenylephrine, Angiotensin II, Vasopressin), a sedative (Propofol, "
    "Midazolam, Dexmedetomidine ...), an antipyretic (Paracetamol, Ibuprofen, Metamizole ...), "
    "an anti-cytokine drug or a corticosteroid"
)


def is_read(category: str, item: str, route: str = "") -> bool:
    """Whether the grading (or another part of the tool, for drugs and ICU stays) knows the item."""
    name = normalized(item)
    if category == DRUG:
        return (
            name in VASOPRESSOR_NAMES
            or name in SEDATIVE_NAMES
            or name in FEVER_MASKING_NAMES
            or drug_class(item, route) != OTHER_DRUG
        )
    if category == "score":
        return name in SCORES
    return name in ICANS_ITEMS or name in CRS_ITEMS or name in OTHER_KNOWN_STATUS


def unread_hint(category: str, item: str, route: str = "") -> str | None:
    """What to write instead of an item the rules do not read, or None when nothing is amiss.

    Symptoms, procedures and imaging are named only when their name suggests a graded domain:
    most of them (aphasia, an MRI) are shown and were never meant to be graded.
    """
    if category not in NOTED_CATEGORIES or is_read(category, item, route):
        return None
    if category == DRUG:
        return DRUG_HINT
    name = normalized(item)
    hints = [vocabulary for words, vocabulary in DOMAIN_HINTS if any(w in name for w in words)]
    if hints:
        return "; or ".join(hints)
    return {"vital": VITAL_HINT, "score": SCORE_HINT, "status": DOMAIN_HINTS[-1][1]}.get(category)
