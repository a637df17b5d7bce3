"""The cohort view in the URL: read, written back, and unreadable values replaced with a note."""

from components.model.cohort_view import CohortView, parse_cohort_view


def test_the_default_view_has_an_empty_query():
    assert parse_cohort_view("") == (CohortView(), [])
    assert CohortView().query() == ""


def test_a_view_round_trips_through_its_query():
    view = CohortView(
        align="icans-onset",
        rank="peak-icans",
        filters=(("icans", "3"), ("source", "synthetic")),
        summary="crs",
    )
    query = view.query()
    assert query == "?align=icans-onset&rank=peak-icans&filter=icans:3;source:synthetic&summary=crs"
    assert parse_cohort_view(query) == (view, [])


def test_a_table_column_may_rank_highest_first():
    view, notices = parse_cohort_view("rank=-icu_days", ("icu_days",))
    assert view.rank == "-icu_days"
    assert notices == []


def test_unreadable_values_fall_back_with_a_notice():
    view, notices = parse_cohort_view("align=moon&rank=luck&summary=x&filter=icans:9;colour:red")
    assert view == CohortView()
    assert len(notices) == 5
    assert notices[0] == "Align 'moon' is not known; aligned on the infusion."
