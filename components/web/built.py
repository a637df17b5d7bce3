"""What a worker built for a case, kept by the case's content (`components.cases.cache`).

A second open of a case, by anyone this worker serves, takes its timeline figure from here: no
figure building and no walk of plotly's figure objects again (the figure is kept as the plain
JSON-ready dict Dash sends). Entries are keyed by the digest of the case's files, so a changed
file is never answered from an old entry, and bounded, so many cases cannot grow a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from components.cases.cache import LruCache
from components.cases.case import Case
from components.cases.library import CaseLibrary
from components.cases.notes import Note
from components.cases.upload import UPLOAD_ID_PREFIX
from components.figures.timeline.figure import build_timeline
from components.figures.timeline.presenter import presenter_parts
from components.model.view import View

#: Timeline figures a worker keeps: a few views (lanes, collapse, days, notes) of each case.
CACHED_FIGURES = 64
#: Per-case data other than the figure (the rows and per-day series the browser slices).
CACHED_CASE_DATA = 16

T = TypeVar("T")


class BuiltViews:
    """Figures and per-case data by the content of the case they were built from."""

    def __init__(self, library: CaseLibrary):
        self.library = library
        self.figures: LruCache[dict] = LruCache(CACHED_FIGURES)
        self.case_data: LruCache[object] = LruCache(CACHED_CASE_DATA)

    def case_key(self, case: Case) -> tuple[str, str]:
        """An upload's id is already a digest of its content; a library case's files are read
        for theirs (`CaseLibrary.content_key`, which reads them only when they changed)."""
        if case.case_id.startswith(UPLOAD_ID_PREFIX):
            return case.case_id, ""
        return case.case_id, self.library.content_key(case.case_id)

    def timeline(self, case: Case, view: View, notes: list[Note]) -> dict:
        """The timeline of a view with its notes, as the dict Dash sends to the browser."""
        key = (
            self.case_key(case),
            view.lanes,
            view.collapsed,
            view.days,
            tuple(notes),
        )
        return self.figures.get_or_build(
            key,
            lambda: build_timeline(
                case.events,
                lanes=list(view.lanes),
                day_range=view.days,
                collapsed=view.collapsed,
                notes=notes,
            ).to_plotly_json(),
        )

    def presenter(
        self,
        case: Case,
        lanes: Sequence[str],
        days: tuple[int, int],
        notes: list[Note],
        size: tuple[int, int],
    ) -> list[dict]:
        """The parts of a presenter's step at a screen's size, as the dicts Dash sends (a step
        shown again, back and forth through a talk, is not drawn again)."""
        key = ("present", self.case_key(case), tuple(lanes), days, tuple(notes), size)
        return self.figures.get_or_build(
            key,
            lambda: [
                f.to_plotly_json() for f in presenter_parts(case.events, lanes, days, notes, size)
            ],
        )

    def per_case(self, name: str, case: Case, build: Callable[[Case], T]) -> T:
        """Anything else computed once per case content, by a name of its own."""
        key: Hashable = (name, self.case_key(case))
        return self.case_data.get_or_build(key, lambda: build(case))  # type: ignore[return-value]
