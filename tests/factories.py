"""Small event tables built in code for the unit tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from components.cases.case import Case, CaseInfo, finish_event_table
from components.cases.index import Cohort, summarise
from components.model.columns import EVENT_COLUMNS
from components.model.schema import validate_event_table

#: The bundled case, transcribed from the paper: its folder.
SEED_CASE = Path(__file__).resolve().parent.parent / "data" / "cases" / "axicel-relapsing-icans"


def text_table(*rows: dict) -> pd.DataFrame:
    """A table as read from a file: every cell text, missing cells empty."""
    return pd.DataFrame(
        [{name: str(row.get(name, "")) for name in EVENT_COLUMNS} for row in rows],
        columns=list(EVENT_COLUMNS),
    )


def event(day, category, item, value="", **cells) -> dict:
    """One row with the usual defaults: reported, source 'Test'."""
    row = {"day": day, "category": category, "item": item, "value": value}
    row.setdefault("source", "Test")
    row.setdefault("basis", "reported")
    row.update(cells)
    return row


def events(*rows: dict) -> pd.DataFrame:
    """A typed event table, as the loader returns it (derived grades included)."""
    return finish_event_table(validate_event_table(text_table(*rows), "test.csv"))


#: Markup a case file might hold: a live link, styled text and a double quote.
MARKUP = '<a href=https://evil.example/phish>link</a><b style=font-size:80px>big</b> "q"'
#: What a person must never get from a case's text on a figure.
LIVE_MARKUP = ("<a href=https://evil.example", "<b style=font-size:80px>", "&quot;")


def case_with_markup():
    """The bundled case with markup in every text column, the header, the citation and a
    note: drugs, care and symptoms renamed, so that item names carry it too."""
    from components.cases.case import Case, load_case
    from components.cases.notes import Note
    from components.model.columns import Col

    seed = load_case(SEED_CASE)
    events = seed.events.copy()
    for column in (Col.DETAIL, Col.SOURCE, Col.ROUTE, Col.FREQUENCY):
        events[column] = events[column] + MARKUP
    has_unit = events[Col.UNIT] != ""
    events.loc[has_unit, Col.UNIT] = events.loc[has_unit, Col.UNIT] + MARKUP
    named = ~events[Col.CATEGORY].isin(["grade", "score", "lab", "csf"])
    events.loc[named, Col.ITEM] = events.loc[named, Col.ITEM].astype(str) + MARKUP
    info = seed.info.model_copy(
        update={
            "title": "Case " + MARKUP,
            "summary": MARKUP,
            "reference": seed.info.reference.model_copy(
                update={"citation": "Cited " + MARKUP, "doi": "10.1/" + MARKUP}
            ),
        }
    )
    return Case("markup", info, events, [Note(45, "Note " + MARKUP, "drugs"), Note(3, MARKUP)])


def figure_strings(value) -> list[str]:
    """Every string in a figure's JSON (or any nested dict and list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in figure_strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in figure_strings(item)]
    return []


def long_workbook(
    rows: int,
    first_row_number: int | None = None,
    cells: int = 1,
    shared_strings: str | None = None,
) -> bytes:
    """An .xlsx of `rows` event rows, written as the raw sheet XML (openpyxl would take
    seconds): the events sheet's header and a varied day per row, so it compresses like a
    real sheet (about 4 times), not like a zip bomb. `first_row_number` numbers the first
    event row (rows between are then missing); `cells` is the number of cells in each row;
    `shared_strings` is the body of a shared strings part (its `<si>` elements), if any."""
    import io
    import random
    import zipfile

    from components.model.columns import EVENT_COLUMNS

    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in EVENT_COLUMNS)
    numbers = random.Random(16).choices(range(100_000, 999_999), k=rows * cells)
    body = "".join(
        "<row>" + "".join(f"<c><v>{n}</v></c>" for n in numbers[i : i + cells]) + "</row>"
        for i in range(0, len(numbers), cells)
    )
    if first_row_number:
        body = body.replace("<row>", f'<row r="{first_row_number}">', 1)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="events" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f"<worksheet {ns}><sheetData><row>{header}</row>{body}</sheetData></worksheet>"
        ),
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = f"<sst {ns}>{shared_strings}</sst>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _case(case_id: str, *rows, synthetic=False, product="Axi-cel") -> Case:
    info = CaseInfo(title=case_id.title(), product=product, synthetic=synthetic)
    return Case(case_id, info, events(event("0", "drug", "Axi-cel", route="IV"), *rows))


def small_cohort() -> Cohort:
    """Three cases with the events each test of the cohort's selection and of what the
    browser gets reads: alpha (published), beta (synthetic), gamma (Tisa-cel)."""
    cases = [
        _case(
            "alpha",
            event("2", "grade", "ICANS", "1"),
            event("6", "grade", "ICANS", "3"),
            event("8", "drug", "Methotrexate", "15", unit="mg", route="IT"),
            event("20", "outcome", "Death"),
        ),
        _case(
            "beta",
            event("4", "grade", "ICANS", "2"),
            event("4", "drug", "Dexamethasone", "10", unit="mg", frequency="QID"),
            event("5", "grade", "CRS", "1"),
            event("30", "status", "Follow-up visit"),
            synthetic=True,
        ),
        _case(
            "gamma",
            event("1", "grade", "CRS", "2"),
            event("28", "status", "Follow-up"),
            product="Tisa-cel",
        ),
    ]
    joined = summarise(cases[0], "published")
    for case in cases[1:]:
        joined = joined.joined(summarise(case, "published"))
    return joined


def wide_csv(columns: int) -> bytes:
    """A CSV of `columns` header columns and one row of as many cells (issue 20, item 3:
    70,000 columns, about 0.6 MB, took 95 s of CPU to refuse)."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


def shared_strings_workbook(
    strings: int = 780_000, words: str = " rash, fever and confusion on the ward"
) -> bytes:
    """An .xlsx under the size and zip-bomb limits whose shared strings part unpacks to about
    47 MB by default (issue 20, item 3: it took openpyxl 38 s and 290 MB): deflate shrinks
    these repetitive strings about 11 times, under the ratio that the zip-bomb check refuses.
    Each string is a random number and `words`."""
    import random

    tokens = random.Random(20).choices(range(32**6), k=strings)
    body = "".join(f"<si><t>{n:08x}{words}</t></si>" for n in tokens)
    return long_workbook(1, shared_strings=body)
