"""A small cohort built in code: three cases with the events each test of the cohort's
selection and of what the browser gets reads."""

import pytest
from factories import event, events

from components.cases.case import Case, CaseInfo
from components.cases.index import summarise


def _case(case_id: str, *rows, synthetic=False, product="Axi-cel") -> Case:
    info = CaseInfo(title=case_id.title(), product=product, synthetic=synthetic)
    return Case(case_id, info, events(event("0", "drug", "Axi-cel", route="IV"), *rows))


@pytest.fixture(scope="module")
def cohort():
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
