"""The cohort the JavaScript unit tests (`cohort.test.js`) draw, written by Python as JSON on
stdout: what the server sends the page (`case_data`, `view_data`) for three cases whose titles
are markup, and, for each align and rank, the figure Python draws for that view, which
`assets/cohort.js` must reproduce from the data alone.

Run from the repository's root as `PYTHONPATH=tests python tests/js/cohort_fixture.py` (the
test does).
"""

from __future__ import annotations

import json

import plotly.io as pio
from factories import event, events

from components.cases.case import Case, CaseInfo
from components.cases.cohort_select import cohort_title, select
from components.cases.index import Cohort, summarise
from components.figures.cohort.browser_views import case_data, view_data
from components.figures.cohort.swimmers import cohort_figure
from components.figures.theme import SCREEN_THEME
from components.model.cohort_view import ALIGNS, CohortView

#: Case ids and titles: a live link, styled text, and an ampersand and quotes.
TITLES = {
    "alpha": '<a href="https://e.io/">Login</a>',
    "beta": '<b style="font-size:80px">B</b>',
    "gamma": 'Tom & "Jerry" <span>',
}
RANKS = ("name", "peak-icans", "-last_day")


def cohort() -> Cohort:
    rows = {
        "alpha": [event("2", "grade", "ICANS", "1"), event("6", "grade", "ICANS", "3")],
        "beta": [event("4", "grade", "ICANS", "2"), event("5", "grade", "CRS", "1")],
        "gamma": [event("1", "grade", "CRS", "2"), event("28", "status", "Follow-up")],
    }
    joined = None
    for case_id, title in TITLES.items():
        infusion = event("0", "drug", "Axi-cel", route="IV")
        case = Case(case_id, CaseInfo(title=title), events(infusion, *rows[case_id]))
        summary = summarise(case, "published")
        joined = summary if joined is None else joined.joined(summary)
    return joined


def fixture() -> dict:
    """The page's data and the figures Python draws for every align and rank."""
    every = cohort()
    expected = []
    for align in ALIGNS:
        for rank in RANKS:
            selection = select(every, CohortView(align=align, rank=rank))
            figure = json.loads(
                cohort_figure(selection, SCREEN_THEME, cohort_title(selection)).to_json()
            )
            # plotly's default template, which the browser's figure gets from plotly.js itself.
            figure["layout"].pop("template", None)
            expected.append({"align": align, "rank": rank, "figure": figure})
    return {
        "titles": TITLES,
        "cases": case_data(every, SCREEN_THEME),
        "views": view_data(every, CohortView(), SCREEN_THEME),
        "expected": expected,
    }


if __name__ == "__main__":
    print(pio.json.to_json_plotly(fixture()))
