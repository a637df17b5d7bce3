"""The view in the URL: read back exactly, and bad values fall back with a notice."""

import pytest

from components.model.view import View, parse_days, parse_view

LANES = ["icans", "crs", "drugs"]


def describe(case_id):
    return (-10, 88), LANES


@pytest.mark.parametrize(
    ("text", "days"),
    [("40:50", (40, 50)), ("50:40", (40, 50)), ("-20:5", (-10, 5)), (" 1 : 2 ", (1, 2))],
)
def test_days(text, days):
    assert parse_days(text, (-10, 88)) == (days, None)


@pytest.mark.parametrize("text", ["abc", "40-50", "40:", "200:300"])
def test_bad_days_fall_back_to_the_whole_course_with_a_notice(text):
    days, notice = parse_days(text, (-10, 88))
    assert days == (-10, 88)
    assert "whole course" in notice


def test_full_view_round_trips():
    view, notices = parse_view("?case=b&days=40:50&lanes=drugs,icans", ["a", "b"], describe)
    assert view == View("b", (40, 50), ("drugs", "icans"), (), (-10, 88), tuple(LANES))
    assert notices == []
    assert view.query() == "?case=b&days=40:50&lanes=drugs,icans"


def test_unknown_case_and_lanes_are_named():
    view, notices = parse_view("?case=zzz&lanes=nope", ["a"], describe)
    assert view.case_id == "a"
    assert view.lanes == tuple(LANES)
    assert any("zzz" in n for n in notices) and any("nope" in n for n in notices)


def test_default_lanes_are_left_out_of_the_url():
    assert View("a", (0, 5), tuple(LANES), available=tuple(LANES)).query() == "?case=a&days=0:5"


def test_collapsed_lanes_round_trip_and_must_be_shown():
    view, notices = parse_view("?case=a&collapse=drugs,nope", ["a"], describe)
    assert view.collapsed == ("drugs",)
    assert any("nope" in n for n in notices)
    assert view.query() == "?case=a&days=-10:88&collapse=drugs"


def test_the_store_round_trips_the_view():
    view, _ = parse_view("?case=b&days=40:50&lanes=drugs,icans&collapse=icans", ["b"], describe)
    assert View.from_store(view.to_store()) == view
    assert view.to_store() == {
        "case": "b",
        "days": [40, 50],
        "span": [-10, 88],
        "lanes": ["drugs", "icans"],
        "available": LANES,
        "defaultLanes": False,
        "collapsed": ["icans"],
    }


@pytest.mark.parametrize(
    "data",
    [
        None,
        "garbage",
        {},
        {"case": "a"},
        {"case": "a", "days": "40:50"},
        {"case": 3, "days": [1, 2]},
        {"case": "a", "days": [1, 2], "lanes": "icans"},
        {"case": "a", "days": [True, 2]},
    ],
)
def test_a_malformed_store_is_no_view(data):
    assert View.from_store(data) is None
