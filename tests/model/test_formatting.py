import math

import pytest

from components.model.formatting import attributed, day_text, span_text, value_text


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "text"),
    [
        (0.37, math.nan, "g/L", "0.37 g/L"),
        (4046.0, math.nan, "ug/L", "4,046 ug/L"),
        (0.0, 2.0, "", "0–2"),
        (math.nan, 7.0, "10^6/L", "<7 10^6/L"),
        (math.nan, math.nan, "", ""),
        (1000.0, math.nan, "mg", "1,000 mg"),
    ],
)
def test_value_text(value, value_max, unit, text):
    assert value_text(value, value_max, unit) == text


def test_day_text():
    assert day_text(7, None) == "day 7"
    assert day_text(15, 19) == "days 15–19"


def test_span_text():
    assert span_text(-10, -6) == "-10–-6"
    assert span_text(41, None) == "41"


def test_an_attributed_finding_says_so_in_the_event_browser():
    assert attributed("", "") == ""
    assert attributed("Intubated", "airway protection") == (
        "Intubated. Attributed to airway protection: not graded as CRS or ICANS"
    )
    assert attributed("", "sedation").startswith("Attributed to sedation")
