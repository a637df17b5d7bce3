"""The ASTCT vocabulary: names, synonyms, words in detail, notes on unread items, and the
vocabulary table of data/README.md generated from it."""

import re
from pathlib import Path

import pytest

from components.model import astct, astct_cells
from components.model.astct_table import vocabulary_markdown, vocabulary_rows

README = Path(__file__).resolve().parents[2] / "data" / "README.md"


def test_data_readme_holds_the_vocabulary_the_code_reads():
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- astct-vocabulary:start -->\n(.*?)<!-- astct-vocabulary:end -->", text, re.S
    )
    assert found, "data/README.md lost its vocabulary markers"
    assert found[1] == vocabulary_markdown(), (
        "data/README.md's vocabulary differs from the code: paste the output of "
        "`python -m components.model.astct_table` between its markers"
    )


def test_every_table_row_names_a_cell_and_every_graded_cell_is_in_the_table():
    rows = vocabulary_rows()
    assert all(len(row) == 6 for row in rows)
    named = " ".join(row[5] for row in rows)
    for cell in astct_cells.CELLS:
        if cell.grade is not None:
            assert str(cell) in named, cell


def test_names_are_read_without_case_hyphens_or_curly_apostrophes():
    assert astct.normalized("Non-Rebreather  Mask") == "non rebreather mask"
    assert astct.CRS_ITEMS[astct.normalized("non-rebreather MASK")] == "Non-rebreather mask"
    assert astct.ICANS_ITEMS[astct.normalized("Cushing’s triad")] == "Cushing's triad"
    assert astct.VASOPRESSOR_NAMES[astct.normalized("NORADRENALINE")] == "Norepinephrine"


def test_no_name_stands_for_two_things():
    indices = [astct.SCORES, astct.ICANS_ITEMS, astct.CRS_ITEMS, astct.VASOPRESSOR_NAMES]
    seen: dict[str, str] = {}
    for index in indices:
        for name, term in index.items():
            assert seen.setdefault(name, term) == term, name


@pytest.mark.parametrize(
    ("detail", "words", "said"),
    [
        ("awakens only to touch", astct.TOUCH_WORDS, "only to touch"),
        ("not prolonged", astct.PROLONGED_SEIZURE_WORDS, None),
        ("no status epilepticus", astct.PROLONGED_SEIZURE_WORDS, None),
        ("patient not sedated", astct.NOT_SEDATED_WORDS, "not sedated"),
        ("on nivolumab", astct.POSITIVE_PRESSURE_WORDS, None),  # whole words only
        ("NIV overnight", astct.POSITIVE_PRESSURE_WORDS, "niv"),
    ],
)
def test_words_in_detail(detail, words, said):
    assert astct.says(detail, words) == said


@pytest.mark.parametrize(
    ("category", "item", "hint"),
    [
        ("status", "Nasal prongs", "Nasal cannula"),
        ("drug", "Levophed", "Norepinephrine"),
        ("symptom", "Decreased consciousness", "awakens spontaneously"),
        ("vital", "SpO2", "Oxygen"),
        ("vital", "Heart rate", "Temperature"),
        ("score", "CARTOX-10", "ICE"),
    ],
)
def test_unread_items_get_the_vocabulary_to_use(category, item, hint):
    assert hint in astct.unread_hint(category, item)


@pytest.mark.parametrize(
    ("category", "item", "route"),
    [
        ("symptom", "Aphasia", ""),  # shown, never meant to be graded
        ("imaging", "MRI brain", ""),
        ("lab", "CRP", ""),
        ("drug", "Levetiracetam", ""),
        ("drug", "Methotrexate", "IT"),
        ("drug", "noradrenaline", ""),
        ("status", "ICU stay", ""),
        ("status", "hfnc", ""),
        ("symptom", "Tremor", ""),
    ],
)
def test_items_known_to_the_tool_get_no_note(category, item, route):
    assert astct.unread_hint(category, item, route) is None
