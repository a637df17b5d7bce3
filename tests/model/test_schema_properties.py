"""Random event tables and uploads either load or fail with CaseFileError: never another
exception."""

import base64
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.cases.case import parse_events
from components.cases.upload import read_upload
from components.model.columns import CATEGORIES, EVENT_COLUMNS, UNITS
from components.model.problems import CaseFileError

cells = st.one_of(
    st.sampled_from(["", "0", "-3", "4", "10", "3.5", "1e3", "-0", "nan", "inf", "=1+1", "<7"]),
    st.sampled_from(CATEGORIES + UNITS + ("reported", "derived", "ICE", "GCS", "ICANS", "CRS")),
    st.text(alphabet=string.printable + "°µ–é", max_size=12),
)
rows = st.fixed_dictionaries({name: cells for name in EVENT_COLUMNS})


def to_csv(table: list[dict], header: list[str]) -> bytes:
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    lines = [",".join(header)] + [",".join(quote(row[h]) for h in header) for row in table]
    return "\n".join(lines).encode("utf-8")


# 80 tables: each is validated whole (about 0.2-0.5 s on a loaded 2-core machine), and the
# test must stay well inside its 120 s deadline there.
@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.lists(rows, min_size=0, max_size=6),
    header=st.permutations(list(EVENT_COLUMNS)),
)
def test_random_tables_validate_or_say_why(table, header):
    try:
        events = parse_events(to_csv(table, header), "events.csv")
    except CaseFileError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
    else:
        assert len(events) >= len(table)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_escape_as_another_exception(data):
    try:
        parse_events(data, "events.csv")
    except CaseFileError as error:
        assert error.problems


@settings(max_examples=100, deadline=None)
@given(
    contents=st.one_of(
        st.text(max_size=60),
        st.binary(max_size=200).map(
            lambda b: "data:text/csv;base64," + base64.b64encode(b).decode()
        ),
        st.text(max_size=60).map(lambda t: "data:text/csv;base64," + t),
    ),
    filename=st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["a.xlsx", "../b.csv"])),
)
def test_random_uploads_never_escape_as_another_exception(contents, filename):
    try:
        upload = read_upload(contents, filename)
    except CaseFileError as error:
        assert error.problems
    else:
        assert upload.case_id.startswith("upload.")
