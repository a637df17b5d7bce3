"""Colours, fonts and sizes of the timeline figure, in one place: a theme for the screen and
one for slides.

Lane builders and the timeline take every colour and size from a `Theme`, so a slide export is
the same figure with another theme, and a test can check that no mark uses a colour from
anywhere else. Categories use the Okabe-Ito palette and grades a sequential ramp, both safe for
colour-blind readers; neither is ever the only cue (grades carry their number, derived marks
their hatch or open marker).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from components.model.drugs import (
    ANTI_CYTOKINE,
    ANTI_SEIZURE,
    CAR_T,
    CORTICOSTEROID,
    INTRATHECAL_CHEMOTHERAPY,
    LYMPHODEPLETION,
    OTHER_DRUG,
)

#: CSS pixels per typographic point (96 px per inch, 72 pt per inch): plotly sizes are pixels.
PX_PER_PT = 96 / 72

# Okabe & Ito (2008), "Color Universal Design": colours told apart with any colour vision
# (its yellow is left out: too faint on white).
OKABE_ITO_BLACK = "#000000"
OKABE_ITO_ORANGE = "#E69F00"
OKABE_ITO_SKY_BLUE = "#56B4E9"
OKABE_ITO_BLUISH_GREEN = "#009E73"
OKABE_ITO_BLUE = "#0072B2"
OKABE_ITO_VERMILLION = "#D55E00"
OKABE_ITO_REDDISH_PURPLE = "#CC79A7"
NEUTRAL_GREY = "#7F7F7F"

#: ASTCT grade 0 to 4, mild to severe: ColorBrewer YlOrRd, sequential in lightness, so the order
#: survives colour-blindness and greyscale printing.
GRADE_RAMP = ("#FFFFB2", "#FECC5C", "#FD8D3C", "#F03B20", "#BD0026")


def _palette(colours: dict[str, str]) -> Mapping[str, str]:
    """A read-only name-to-colour field, so a theme cannot be changed in place."""
    return field(default_factory=lambda: MappingProxyType(colours))


@dataclass(frozen=True)
class Theme:
    """Everything a figure needs to look one way: fonts, colours, sizes (pixels)."""

    name: str
    font_family: str
    font_size: int
    small_font_size: int
    lane_title_size: int
    title_size: int
    text_color: str
    muted_text_color: str
    background: str
    plot_background: str
    grid_color: str
    #: None lets the figure follow its container; a number fixes the export width.
    width: int | None
    #: None makes the figure as tall as its lanes; a number fits the lanes into that height.
    height: int | None
    #: Pixel heights the lanes are stacked from; the figure's height is their sum plus gaps.
    grade_lane_height: int
    chart_lane_height: int
    #: Height of one row of a lane with a row per drug or per kind of care.
    row_height: int
    #: Grade axis ticks every this many grades (the bars carry their own number).
    grade_tick_step: int
    #: Vertical gap between lanes; it holds each lane's title and legend.
    lane_gap: int
    margin_left: int
    margin_right: int
    margin_top: int
    margin_bottom: int
    marker_size: int
    line_width: float
    #: Thickness of a span bar in a row lane, as a fraction of the row.
    bar_thickness: float
    #: A figure on screen (hover and zoom) rather than a picture: its caption may say "hover".
    interactive: bool = False
    grade_colors: tuple[str, ...] = GRADE_RAMP
    drug_class_colors: Mapping[str, str] = _palette(
        {
            CORTICOSTEROID: OKABE_ITO_BLUE,
            INTRATHECAL_CHEMOTHERAPY: OKABE_ITO_VERMILLION,
            ANTI_CYTOKINE: OKABE_ITO_BLUISH_GREEN,
            ANTI_SEIZURE: OKABE_ITO_REDDISH_PURPLE,
            LYMPHODEPLETION: OKABE_ITO_ORANGE,
            CAR_T: OKABE_ITO_BLACK,
            OTHER_DRUG: NEUTRAL_GREY,
        }
    )
    #: One colour per measured series (labs, scores, CSF), by its item name.
    series_colors: Mapping[str, str] = _palette(
        {
            "CRP": OKABE_ITO_VERMILLION,
            "Ferritin": OKABE_ITO_BLUE,
            "ICE": OKABE_ITO_BLUE,
            "GCS": OKABE_ITO_REDDISH_PURPLE,
            "CSF total protein": OKABE_ITO_BLUISH_GREEN,
            "CSF CAR T-cells": OKABE_ITO_ORANGE,
            "CSF other": NEUTRAL_GREY,
        }
    )
    #: Rows of the care lane, by kind of event.
    care_colors: Mapping[str, str] = _palette(
        {
            "status": NEUTRAL_GREY,
            "procedure": OKABE_ITO_BLUE,
            "csf": OKABE_ITO_BLUISH_GREEN,
            "imaging": OKABE_ITO_SKY_BLUE,
            "symptom": OKABE_ITO_VERMILLION,
            "outcome": OKABE_ITO_BLACK,
        }
    )
    #: Shading behind all lanes: faint fills, so marks stay readable on top of them.
    phase_colors: Mapping[str, str] = _palette(
        {
            "lymphodepletion": "rgba(230, 159, 0, 0.13)",
            "infusion": "rgba(0, 0, 0, 0.10)",
            "icu": "rgba(127, 127, 127, 0.10)",
            "crs": "rgba(213, 94, 0, 0.07)",
            "icans": "rgba(204, 121, 167, 0.09)",
        }
    )
    guide_color: str = "#4D4D4D"
    reference_band_color: str = "rgba(0, 158, 115, 0.10)"
    #: Derived marks: hatched bars (plotly's marker.pattern.shape) and open markers.
    derived_pattern: str = "/"
    derived_symbol_suffix: str = "-open"

    def for_canvas(self, width: int, height: int) -> Theme:
        """This theme on a canvas of that size: fonts, lanes and margins scale with it, so a 4K
        slide is a 1080p slide drawn twice as large. The height sets the scale (a picture that
        fills a slide's height), and a canvas narrower than 4:3 shrinks it too."""
        base = self.height or height
        factor = max(min(height / base, width / (base * 4 / 3)), 0.25)
        sizes = {name: max(1, round(getattr(self, name) * factor)) for name in SCALED_SIZES}
        return replace(
            self, width=width, height=height, line_width=self.line_width * factor, **sizes
        )

    def colors(self) -> set[str]:
        """Every colour this theme can hand out (for checking a figure uses nothing else)."""
        return {
            self.text_color,
            self.muted_text_color,
            self.background,
            self.plot_background,
            self.grid_color,
            self.guide_color,
            self.reference_band_color,
            *self.grade_colors,
            *self.drug_class_colors.values(),
            *self.series_colors.values(),
            *self.care_colors.values(),
            *self.phase_colors.values(),
        }


#: The pixel sizes a theme scales with its canvas (`Theme.for_canvas`).
SCALED_SIZES = (
    "font_size",
    "small_font_size",
    "lane_title_size",
    "title_size",
    "grade_lane_height",
    "chart_lane_height",
    "row_height",
    "lane_gap",
    "margin_left",
    "margin_right",
    "margin_top",
    "margin_bottom",
    "marker_size",
)

SCREEN_THEME = Theme(
    name="screen",
    font_family="Inter, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
    font_size=13,
    small_font_size=11,
    lane_title_size=14,
    title_size=18,
    text_color="#212529",
    muted_text_color="#6C757D",
    background="#FFFFFF",
    plot_background="#FFFFFF",
    grid_color="#E9ECEF",
    width=None,
    height=None,
    grade_lane_height=80,
    chart_lane_height=130,
    row_height=22,
    grade_tick_step=1,
    lane_gap=10,
    margin_left=12,
    margin_right=12,
    margin_top=8,
    margin_bottom=8,
    marker_size=9,
    line_width=1.8,
    bar_thickness=0.6,
    interactive=True,
)

#: For slides: 1920 x 1080, white, and no text below 18 pt (24 px).
SLIDE_THEME = Theme(
    name="slide",
    font_family="Arial, 'Helvetica Neue', sans-serif",
    font_size=round(20 * PX_PER_PT),
    small_font_size=round(18 * PX_PER_PT),
    lane_title_size=round(21 * PX_PER_PT),
    title_size=round(28 * PX_PER_PT),
    text_color="#000000",
    muted_text_color="#404040",
    background="#FFFFFF",
    plot_background="#FFFFFF",
    grid_color="#D9D9D9",
    width=1920,
    height=1080,
    grade_lane_height=110,
    chart_lane_height=140,
    row_height=36,
    grade_tick_step=2,
    lane_gap=14,
    margin_left=24,
    margin_right=24,
    margin_top=16,
    margin_bottom=16,
    marker_size=14,
    line_width=3,
    bar_thickness=0.65,
)
