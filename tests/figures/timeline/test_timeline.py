"""The stacked timeline: lanes in order, one day axis, phases and key days from the events."""

import pytest
from factories import event, events

from components.cases.notes import Note
from components.clinical.phases import key_days, phase_spans, syndrome_episodes
from components.figures.lanes.registry import LANES, lane_keys
from components.figures.text import SCREEN_LAYOUT_WIDTH, X_TITLE
from components.figures.theme import SCREEN_THEME, SLIDE_THEME
from components.figures.timeline.axes import TITLE_BASELINE_EM
from components.figures.timeline.figure import build_timeline
from components.figures.timeline.geometry import lane_header
from components.figures.timeline.overlays import label_rows, markers, notes_for


@pytest.fixture
def small_case():
    return events(
        event("-5", "drug", "Fludarabine", end_day="-3"),
        event("0", "drug", "Tisagenlecleucel", route="IV", frequency="once"),
        event("2", "grade", "CRS", "2"),
        event("4", "grade", "ICANS", "1"),
        event("6", "grade", "ICANS", "3"),
        event("9", "grade", "ICANS", "0"),
        event("12", "drug", "Methotrexate", "15", unit="mg", route="IT", frequency="once"),
    )


def shapes_named(fig, name):
    return [s for s in fig.layout.shapes if s.name == name]


def test_only_lanes_with_data_are_stacked(small_case):
    assert lane_keys(small_case) == ["crs", "icans", "drugs"]
    fig = build_timeline(small_case)
    assert fig.layout.meta["lanes"] == ["crs", "icans", "drugs"]
    titles = [a.text for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert titles == [f"<b>{LANES[key].title}</b>" for key in ("crs", "icans", "drugs")]


def test_lanes_come_in_the_order_asked(small_case):
    fig = build_timeline(small_case, lanes=["drugs", "icans", "neuro"])
    assert fig.layout.meta["lanes"] == ["drugs", "icans"]  # no scores: no neuro lane
    (drug_axis,) = {t.yaxis for t in fig.data if t.uid.startswith("drugs-")}
    assert fig.layout[drug_axis.replace("y", "yaxis")].domain[1] == 1  # drugs on top


def test_unknown_lane_is_refused(small_case):
    with pytest.raises(ValueError, match="Unknown lanes: nope"):
        build_timeline(small_case, lanes=["icans", "nope"])


def test_every_lane_shares_one_day_axis_so_the_spike_crosses_them_all(small_case):
    fig = build_timeline(small_case)
    assert {trace.xaxis for trace in fig.data} == {"x"}
    assert [name for name in fig.layout.to_plotly_json() if name.startswith("xaxis")] == ["xaxis"]
    assert fig.layout.xaxis.showspikes and fig.layout.xaxis.spikemode == "across"
    assert fig.layout.xaxis.title.text == X_TITLE == "Day after CAR-T infusion"
    assert fig.layout.hovermode == "closest"


def test_range_is_the_case_or_the_days_asked_plus_half_a_day(small_case):
    assert build_timeline(small_case).layout.xaxis.range == (-5.5, 12.5)
    assert build_timeline(small_case, day_range=(0, 6)).layout.xaxis.range == (-0.5, 6.5)


def test_ui_revision_follows_the_case(small_case):
    again = build_timeline(small_case, lanes=["icans"]).layout.uirevision
    assert build_timeline(small_case).layout.uirevision == again
    other = events(event("4", "grade", "ICANS", "2"))
    assert build_timeline(other).layout.uirevision != again


def test_episodes_end_at_a_recorded_grade_0(small_case):
    assert syndrome_episodes(small_case, "ICANS") == [(4, 6)]
    assert syndrome_episodes(small_case, "CRS") == [(2, 2)]
    relapse = events(
        event("1", "grade", "ICANS", "2"),
        event("3", "grade", "ICANS", "0"),
        event("10", "grade", "ICANS", "3", end_day="12"),
    )
    assert syndrome_episodes(relapse, "ICANS") == [(1, 1), (10, 12)]


def test_phases_are_read_from_the_events(small_case):
    assert phase_spans(small_case) == {
        "lymphodepletion": [(-5, -3)],
        "infusion": [(0, 0)],
        "crs": [(2, 2)],
        "icans": [(4, 6)],
    }
    fig = build_timeline(small_case)
    (icans,) = shapes_named(fig, "ICANS episode")
    assert (icans.x0, icans.x1, icans.yref, icans.layer) == (3.5, 6.5, "paper", "below")
    assert icans.fillcolor == SCREEN_THEME.phase_colors["icans"]


def test_key_days_have_labelled_guides(small_case):
    assert key_days(small_case) == {"day_zero": 0, "icans_onset": 4, "intrathecal": [12]}
    fig = build_timeline(small_case)
    guides = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert guides == [0, 4, 12]
    labels = {a.x: a.text for a in fig.layout.annotations if a.xref == "x"}
    assert labels == {0: "Day 0", 4: "ICANS onset", 12: "IT chemo"}


def test_labels_of_nearby_days_go_on_separate_rows():
    spans = [(0, 4), (3, 9), (20, 25), (22, 27), (26, 30)]
    assert label_rows(spans) == [0, 1, 0, 1, 0]


def test_nearby_guides_of_one_label_share_it(seed_events):
    # Days 45 and 47 at 10 px a day: one "IT chemo" label; at 100 px a day, one each.
    (shared,) = [m for m in markers(seed_events, [], (-10, 88), 10, 24) if m.label == "IT chemo"]
    assert shared.days == (45, 47)
    apart = [m for m in markers(seed_events, [], (40, 50), 100, 24) if m.label == "IT chemo"]
    assert [m.days for m in apart] == [(45,), (47,)]


def test_a_shared_labels_other_days_end_under_its_text(seed_events):
    """The label stands at day 45 and its text runs right over day 47: that line stops below."""
    figure = build_timeline(seed_events, SLIDE_THEME)
    (label,) = [a for a in figure.layout.annotations if a.text == "IT chemo"]
    lines = {s.x0: s for s in figure.layout.shapes if s.name == "key-day" and s.x0 in (45, 47)}
    assert label.x == 45 and label.xanchor == "left"
    assert lines[45].y1 > label.y  # up beside its label
    assert lines[47].y1 <= label.y  # not through "chemo"


def test_a_note_goes_with_its_lane_only():
    notes = [Note(45, "on drugs", "drugs"), Note(47, "everywhere"), Note(3, "on labs", "labs")]
    shown = notes_for(notes, ["icans", "drugs"], ["icans", "drugs", "care"])
    assert [n.text for n in shown] == ["on drugs", "everywhere", "on labs"]
    shown = notes_for(notes, ["icans"], ["icans", "drugs", "labs"])
    assert [n.text for n in shown] == ["everywhere"]


def test_lane_legends_sit_above_their_lane(small_case):
    fig = build_timeline(small_case)
    drugs = fig.data[-1]
    domain_top = fig.layout[drugs.yaxis.replace("y", "yaxis")].domain[1]
    legend = fig.layout[drugs.legend]
    assert legend.y == domain_top and legend.yanchor == "bottom"


def test_nothing_to_show_gives_an_empty_figure_that_says_so():
    fig = build_timeline(events(event("3", "score", "MMSE", "24")))  # a score no lane draws
    assert fig.layout.meta["lanes"] == []
    assert not fig.data
    assert any("Nothing recorded" in a.text for a in fig.layout.annotations)


# ---------------------------------------------------------------------------------------------
# The seed case.


def test_seed_whole_course_and_a_window(seed_events):
    fig = build_timeline(seed_events)
    assert fig.layout.xaxis.range == (-10.5, 88.5)
    assert fig.layout.meta["lanes"] == lane_keys(seed_events)
    window = build_timeline(seed_events, day_range=(40, 50))
    assert window.layout.xaxis.range == (39.5, 50.5)  # days 40 to 50, each drawn whole


def test_seed_phases_and_key_days(seed_events):
    assert key_days(seed_events) == {"day_zero": 0, "icans_onset": 3, "intrathecal": [45, 47]}
    phases = phase_spans(seed_events)
    assert phases["icu"] == [(5, 12), (15, 74)]  # Table 1: ICU days 5-12, readmitted 15-74
    assert phases["lymphodepletion"] == [(-10, -6)]
    # No grade 0 is recorded between onset and day 45, the last day with an ICANS grade (day 47,
    # E3M4Vtube while intubated, is not gradeable)
    assert phases["icans"] == [(3, 45)]


def test_seed_every_mark_selects_a_row(seed_events):
    fig = build_timeline(seed_events)
    assert len(fig.data) > 10
    for trace in fig.data:
        assert {row[0] for row in trace.customdata} <= set(seed_events.index)


def test_seed_on_a_slide_is_1920_wide_and_fits_1080_when_the_lanes_fit(seed_events):
    fig = build_timeline(seed_events, theme=SLIDE_THEME, lanes=["icans", "neuro", "labs"])
    assert (fig.layout.width, fig.layout.height) == (1920, 1080)
    assert fig.layout.font.size >= 24
    # All lanes in one figure: squeezed into the slide (`timeline_parts` splits them instead).
    assert build_timeline(seed_events, theme=SLIDE_THEME).layout.height == 1080


def test_screen_figure_is_as_tall_as_its_lanes(seed_events):
    short = build_timeline(seed_events, lanes=["icans"]).layout.height
    tall = build_timeline(seed_events, lanes=["icans", "drugs"]).layout.height
    # The drug lane's rows, its header (title and legend) and the gap above it.
    drugs = LANES["drugs"].build_lane(seed_events, SCREEN_THEME)
    header = lane_header(drugs, SCREEN_THEME, SCREEN_LAYOUT_WIDTH).height
    assert tall - short == pytest.approx(drugs.height + header + SCREEN_THEME.lane_gap, abs=30)


def test_collapsed_lanes_are_thin_strips_without_axis_labels(seed_events):
    full = build_timeline(seed_events)
    slim = build_timeline(seed_events, collapsed=["drugs"])
    assert slim.layout.meta["collapsed"] == ["drugs"]
    assert slim.layout.height < full.layout.height
    drugs_axis = slim.layout.meta["lane_axes"]["drugs"].replace("y", "yaxis")
    assert slim.layout[drugs_axis].showticklabels is False
    assert full.layout[drugs_axis].showticklabels is not False


@pytest.mark.parametrize("title", ["Short", "CRS and ICANS grades: " + "a long case title " * 6])
def test_a_wrapped_title_starts_where_a_one_line_title_does(seed_events, title):
    """A deck's lane-group title wrapped at 4:3 and its first line went off the top of the
    picture: plotly puts every line of a wrapped title at the anchor, without the one-line
    title's baseline shift (plotly.js #6472), so the title is moved down by that shift."""
    theme = SLIDE_THEME.for_canvas(1440, 1080)
    fig = build_timeline(seed_events, theme=theme, lanes=["icans"], day_range=(40, 50), title=title)
    lines = fig.layout.title.text.count("<br>") + 1
    size = fig.layout.title.font.size
    drop = round(TITLE_BASELINE_EM * size) if lines > 1 else 0
    assert fig.layout.title.pad.t == theme.margin_top + drop
    assert (lines > 1) == (len(title) > 40)
