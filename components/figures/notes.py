"""Presenter's notes drawn on a figure: a labelled arrow at the note's day, on its lane."""

from __future__ import annotations

import plotly.graph_objects as go

from components.cases.notes import Note
from components.figures.text import plain_text
from components.figures.theme import Theme

NOTE_RISE_PX = 34  # how far above its day a note's label stands


def add_notes(figure: go.Figure, notes: list[Note], theme: Theme) -> go.Figure:
    """Each note as a labelled arrow at its day, on its lane when that lane is shown.

    A note is a person's words, never markup (`plain_text`).
    """
    lane_axes = (figure.layout.meta or {}).get("lane_axes", {})
    for note in notes:
        axis = lane_axes.get(note.lane)
        figure.add_annotation(
            x=note.day,
            xref="x",
            y=1,
            yref=f"{axis} domain" if axis else "paper",
            text=plain_text(note.text),
            showarrow=True,
            arrowhead=2,
            arrowcolor=theme.guide_color,
            ax=0,
            ay=-NOTE_RISE_PX,
            bgcolor=theme.background,
            bordercolor=theme.guide_color,
            borderpad=3,
            font={"size": theme.small_font_size, "color": theme.text_color},
            name="presenter-note",
        )
    return figure
