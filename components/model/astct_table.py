"""The vocabulary table of data/README.md, generated from the lists the rules read.

`vocabulary_markdown()` is the table; `tests/model/test_astct_table.py` fails when the README's
copy differs, and `python -m components.model.astct_table` prints it to paste.
"""

from __future__ import annotations

from components.model.astct import (
    ANTI_CYTOKINES,
    ANTIPYRETICS,
    COMA,
    CORTICOSTEROIDS,
    DEEP_FOCAL_WEAKNESS,
    DEEP_FOCAL_WORDS,
    FEVER_SYMPTOM,
    GCS,
    HYPOTENSION_SYMPTOM,
    ICE,
    LEVEL_OF_CONSCIOUSNESS,
    MOTOR_WEAKNESS,
    NEVER_GRADED,
    NON_CONVULSIVE_SEIZURE,
    OXYGEN,
    OXYGEN_DEVICES,
    POSITIVE_PRESSURE,
    RAISED_ICP,
    ROOM_AIR,
    SEDATIVES,
    SEIZURE,
    STATUS_EPILEPTICUS,
    STUPOR,
    SYSTOLIC_BP,
    TEMPERATURE,
    VASOPRESSOR_DRUGS,
    Term,
)
from components.model.astct_cells import (
    CONSCIOUSNESS,
    CRS,
    CRS_FEVER,
    CRS_FEVER_NOT_REQUIRED,
    CRS_FLOW,
    CRS_HIGH_FLOW,
    CRS_HYPOTENSION,
    CRS_LOW_FLOW,
    CRS_ONE_VASOPRESSOR,
    CRS_OTHER_CAUSE,
    CRS_POSITIVE_PRESSURE,
    CRS_VASOPRESSORS,
    FEVER,
    HYPOTENSION,
    HYPOXIA,
    ICANS,
    ICANS_AWAKENS_SPONTANEOUSLY,
    ICANS_AWAKENS_TO_TOUCH,
    ICANS_AWAKENS_TO_VOICE,
    ICANS_DEEP_FOCAL_WEAKNESS,
    ICANS_ICE_0,
    ICANS_ICE_1,
    ICANS_ICE_2,
    ICANS_ICE_3,
    ICANS_ICE_4,
    ICANS_NOT_SEDATED,
    ICANS_PROLONGED_SEIZURE,
    ICANS_RAISED_ICP,
    ICANS_SEIZURE,
    ICANS_UNAROUSABLE,
    ICANS_WORST_DOMAIN,
    ICE_DOMAIN,
    ICP,
    MOTOR,
    SEIZURES,
    VASOPRESSORS,
    Cell,
)


def _code(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _terms(terms) -> str:
    return ", ".join(f"`{t.name}`" for t in terms)


def _synonyms(terms) -> str:
    return ", ".join(f"`{s}`" for t in terms for s in t.synonyms) or "–"


def _cells(*cells: Cell) -> str:
    return "; ".join(str(c) for c in dict.fromkeys(cells))


def _grouped(table: dict[Term, Cell], syndrome: str, domain: str, category: str) -> list[tuple]:
    """One row per cell of a name -> cell table, its names together."""
    rows = []
    for cell in dict.fromkeys(table.values()):
        terms = [t for t, c in table.items() if c == cell]
        grade = "shown, never graded" if cell.grade is None else str(cell.grade)
        rows.append(
            (
                syndrome,
                domain,
                f"{_terms(terms)} ({category})",
                _synonyms(terms),
                grade,
                _cells(cell),
            )
        )
    return rows


VocabularyRow = tuple[str, str, str, str, str, str]


def vocabulary_rows() -> list[VocabularyRow]:
    """(syndrome, domain, how a case says it, also read as, grade, table cell) for every name
    the rules read, in the order of the tables."""
    return [*_icans_rows(), *_crs_rows()]


def _icans_rows() -> list[VocabularyRow]:
    return [
        (ICANS, ICE_DOMAIN, "`ICE` (score), the worst of `value`-`value_max`", _synonyms([ICE]),
         "10: 0; 7-9: 1; 3-6: 2; 0-2: 3; 0 with `unarousable` in `detail`: 4",
         _cells(ICANS_ICE_1, ICANS_ICE_2, ICANS_ICE_3, ICANS_ICE_4, ICANS_ICE_0)),
        (ICANS, CONSCIOUSNESS, f"{_terms([LEVEL_OF_CONSCIOUSNESS])} (symptom) with a level in "
         "`detail`", _synonyms([LEVEL_OF_CONSCIOUSNESS]),
         "`alert`: 0; `awakens spontaneously`: 1; `awakens to voice`: 2; `awakens only to touch`: "
         "3; `unarousable`: 4",
         _cells(ICANS_AWAKENS_SPONTANEOUSLY, ICANS_AWAKENS_TO_VOICE, ICANS_AWAKENS_TO_TOUCH,
                ICANS_UNAROUSABLE)),
        (ICANS, CONSCIOUSNESS, f"{_terms([STUPOR, COMA])} (symptom)", "–", "4",
         _cells(ICANS_UNAROUSABLE)),
        (ICANS, CONSCIOUSNESS, "`GCS` (score), eye response in `detail` (`E3M1V1`)",
         _synonyms([GCS]),
         "E4: proves nothing; E3: 2; E2: 3; E1: 4 (the project's reading of the GCS)",
         _cells(ICANS_AWAKENS_TO_VOICE, ICANS_AWAKENS_TO_TOUCH, ICANS_UNAROUSABLE)),
        (ICANS, CONSCIOUSNESS, "sedation: a drug " + _terms(SEDATIVES) + "; `Intubation`, "
         "`Mechanical ventilation`, or a GCS with `Vtube`, on that day", "–",
         "a depressed level of consciousness (grade 1 or more) is not graded, unless its `detail` "
         "says `not sedated`", _cells(ICANS_NOT_SEDATED)),
        (ICANS, SEIZURES, f"{_terms([SEIZURE, NON_CONVULSIVE_SEIZURE])} (symptom)",
         _synonyms([SEIZURE, NON_CONVULSIVE_SEIZURE]),
         "3; with `prolonged`, `>5 min` or `without return to baseline` in `detail`: 4",
         _cells(ICANS_SEIZURE, ICANS_PROLONGED_SEIZURE)),
        (ICANS, SEIZURES, f"{_terms([STATUS_EPILEPTICUS])} (symptom)",
         _synonyms([STATUS_EPILEPTICUS]), "4", _cells(ICANS_PROLONGED_SEIZURE)),
        *_grouped(DEEP_FOCAL_WEAKNESS, ICANS, MOTOR, "symptom"),
        (ICANS, MOTOR, f"{_terms([MOTOR_WEAKNESS])} (symptom)", _synonyms([MOTOR_WEAKNESS]),
         "4 when `detail` says " + _code(DEEP_FOCAL_WORDS) + "; otherwise shown, not graded",
         _cells(ICANS_DEEP_FOCAL_WEAKNESS)),
        *_grouped(RAISED_ICP, ICANS, ICP, "symptom or imaging"),
        (ICANS, ICP, "`GCS` (score), motor response in `detail`", "–",
         "M3 read as decorticate, M2 as decerebrate posturing: 4 (the project's reading)",
         _cells(ICANS_RAISED_ICP)),
        *_grouped(NEVER_GRADED, ICANS, "not ICANS", "symptom or imaging"),
    ]  # fmt: skip


def _crs_rows() -> list[VocabularyRow]:
    positive = POSITIVE_PRESSURE
    return [
        (CRS, FEVER, f"{_terms([TEMPERATURE])} (vital, °C), the highest reading",
         _synonyms([TEMPERATURE]), "38.0 or more: 1; below: no fever, no CRS", _cells(CRS_FEVER)),
        (CRS, FEVER, f"{_terms([FEVER_SYMPTOM])} (symptom)", "–", "1", _cells(CRS_FEVER)),
        (CRS, FEVER, "after a drug " + _terms(ANTIPYRETICS + ANTI_CYTOKINES + CORTICOSTEROIDS)
         + " (not intrathecal), given once CRS is graded", _synonyms(ANTIPYRETICS),
         "fever not required on the following days of that CRS episode (it ends after two days "
         "without CRS findings)", _cells(CRS_FEVER_NOT_REQUIRED)),
        (CRS, HYPOTENSION, f"{_terms([SYSTOLIC_BP])} (vital, mmHg), the lowest reading; "
         f"{_terms([HYPOTENSION_SYMPTOM])} (symptom)", _synonyms([SYSTOLIC_BP]),
         "under 90 (the project's threshold) or stated: 2", _cells(CRS_HYPOTENSION)),
        (CRS, VASOPRESSORS, f"{_terms(VASOPRESSOR_DRUGS)} (drug)", _synonyms(VASOPRESSOR_DRUGS),
         "one, vasopressin alone included: 3; two or more, vasopressin not counted: 4",
         _cells(CRS_ONE_VASOPRESSOR, CRS_VASOPRESSORS)),
        (CRS, HYPOXIA, f"{_terms([OXYGEN])} (status), flow in `value` (L/min), device in `detail`",
         _synonyms([OXYGEN]), "up to 6 L/min: 2; over 6: 3; the device's grade if higher; "
         "`room air` or 0 L/min: none", _cells(CRS_LOW_FLOW, CRS_HIGH_FLOW, CRS_FLOW)),
        (CRS, HYPOXIA, f"{_terms([ROOM_AIR])} (status)", "–", "none (no oxygen)", "–"),
        *_grouped(OXYGEN_DEVICES, CRS, HYPOXIA, "status, or named in an `Oxygen` detail"),
        (CRS, HYPOXIA, f"{_terms(positive)} (status or procedure)", _synonyms(positive), "4",
         _cells(CRS_POSITIVE_PRESSURE)),
        ("both", "attribution", "any text in the `attribution` column", "–",
         "shown, never graded; the grade check names it",
         _cells(CRS_OTHER_CAUSE, ICANS_WORST_DOMAIN)),
    ]  # fmt: skip


VOCABULARY_HEADER = (
    "syndrome",
    "domain",
    "how a case says it",
    "also read as",
    "grade",
    "ASTCT 2019 cell",
)


def vocabulary_markdown() -> str:
    """The vocabulary as a Markdown table (data/README.md holds a copy a test keeps equal)."""
    lines = [
        "| " + " | ".join(VOCABULARY_HEADER) + " |",
        "|" + "---|" * len(VOCABULARY_HEADER),
        *("| " + " | ".join(row) + " |" for row in vocabulary_rows()),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(vocabulary_markdown(), end="")
