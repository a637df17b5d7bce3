"""The columns of the event table and the words each may hold: the case format's vocabulary,
declared once, so that validation, the templates and the column help cannot drift apart."""

from __future__ import annotations

from enum import StrEnum

from components.model import limits
from components.model.drugs import DRUG, INTRATHECAL


class Col(StrEnum):
    """Column names of the event table: renaming a column is one edit here."""

    DAY = "day"
    END_DAY = "end_day"
    CATEGORY = "category"
    ITEM = "item"
    VALUE = "value"
    VALUE_MAX = "value_max"
    UNIT = "unit"
    ROUTE = "route"
    FREQUENCY = "frequency"
    DETAIL = "detail"
    ATTRIBUTION = "attribution"
    SOURCE = "source"
    BASIS = "basis"


#: Added by the loader: the spreadsheet row the event came from (header is row 1); empty for
#: rows the tool derives itself.
FILE_ROW = "file_row"

EVENT_COLUMNS: tuple[str, ...] = tuple(Col)
REQUIRED_COLUMNS: tuple[str, ...] = (Col.DAY, Col.CATEGORY, Col.ITEM, Col.SOURCE, Col.BASIS)
NUMERIC_COLUMNS: tuple[str, ...] = (Col.VALUE, Col.VALUE_MAX)
TEXT_COLUMNS: tuple[str, ...] = (
    Col.CATEGORY,
    Col.ITEM,
    Col.UNIT,
    Col.ROUTE,
    Col.FREQUENCY,
    Col.DETAIL,
    Col.ATTRIBUTION,
    Col.SOURCE,
    Col.BASIS,
)

CATEGORIES: tuple[str, ...] = (
    "grade",
    "score",
    "lab",
    "csf",
    "vital",
    DRUG,
    "procedure",
    "imaging",
    "status",
    "symptom",
    "outcome",
)
BASES: tuple[str, ...] = ("reported", "derived")
REPORTED, DERIVED = BASES
ROUTES: tuple[str, ...] = ("IV", "SC", "PO", INTRATHECAL, "IM")
FREQUENCIES: tuple[str, ...] = ("once", "daily", "BID", "TID", "QID", "continuous", "taper")
UNITS: tuple[str, ...] = (
    "mg/L",
    "mg/dL",
    "ug/L",
    "ng/mL",
    "pg/mL",
    "g/L",
    "mmol/L",
    "umol/L",
    "U/L",
    "10^6/L",
    "10^9/L",
    "%",
    "mg",
    "g",
    "mg/kg",
    "mg/m2",
    "Gy",
    "°C",
    "mmHg",
    "L/min",
)

#: ASTCT 2019 consensus grades run 0-4 for both syndromes.
ASTCT_GRADED_ITEMS: tuple[str, ...] = ("CRS", "ICANS")
#: Scores with a fixed scale: (lowest, highest).
SCORE_SCALES: dict[str, tuple[int, int]] = {"ICE": (0, 10), "GCS": (3, 15)}
#: Categories whose values are amounts, which cannot be negative.
AMOUNT_CATEGORIES: tuple[str, ...] = (DRUG, "lab", "csf", "vital")

MAX_TEXT_LENGTH = 500
#: Days from infusion a row may have: ten years either side (history before that is undated).
FIRST_DAY, LAST_DAY = -3650, 3650
#: The largest size of a number in 'value' or 'value_max' (a count of cells per litre fits).
MAX_ABS_VALUE = 1e15
#: The row limit lives with the other limits of a file (`model.limits`).
MAX_EVENT_ROWS = limits.MAX_EVENT_ROWS

#: What each column holds, for the templates a person downloads; allowed words come from the
#: vocabularies above, so the help cannot drift from the checks.
COLUMN_HELP: dict[str, tuple[str, str]] = {
    Col.DAY: (
        "Day relative to CAR-T infusion (day 0), negative before; the first day of a span.",
        "a whole number",
    ),
    Col.END_DAY: (
        "Last day of a span, inclusive; empty for a single day.",
        "empty or a whole number, not before 'day'",
    ),
    Col.CATEGORY: ("What kind of fact the row is.", ", ".join(CATEGORIES)),
    Col.ITEM: (
        "What it is, in the clinic's words (CRS, ICANS, ICE, GCS, CRP, Dexamethasone ...).",
        f"text, up to {MAX_TEXT_LENGTH} characters",
    ),
    Col.VALUE: (
        "The grade, score, lab value or dose. Grades: CRS and ICANS 0-4; "
        + "; ".join(f"{item} scores {low}-{high}" for item, (low, high) in SCORE_SCALES.items())
        + ".",
        "empty or a number with a decimal point (0.37, not 0,37)",
    ),
    Col.VALUE_MAX: (
        "Upper end where the source gives a range (ICE 0-2); the limit of a '<7' result.",
        "empty or a number, at least 'value'",
    ),
    Col.UNIT: ("Unit of 'value'; empty for grades and scores.", ", ".join(UNITS)),
    Col.ROUTE: ("For drugs only.", ", ".join(ROUTES)),
    Col.FREQUENCY: ("For drugs.", ", ".join(FREQUENCIES)),
    Col.DETAIL: (
        "Short free text: GCS components (E3M1V1), findings; a derived row says how.",
        f"text, up to {MAX_TEXT_LENGTH} characters",
    ),
    Col.ATTRIBUTION: (
        "Another cause the source gives for a finding (HSV encephalitis, airway protection, "
        "sedation): the finding is shown and never graded as CRS or ICANS. Empty: it counts.",
        f"empty or text, up to {MAX_TEXT_LENGTH} characters",
    ),
    Col.SOURCE: (
        "Where the fact comes from (Table 1, day 7; Chart 2024-03-01).",
        f"text, up to {MAX_TEXT_LENGTH} characters",
    ),
    Col.BASIS: (
        "reported: stated by the source; derived: computed or inferred here.",
        ", ".join(BASES),
    ),
}
