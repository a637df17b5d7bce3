"""The screen and slide themes: colour-blind safe palettes, a grade ramp that reads mild to
severe, and slide text no smaller than 18 pt."""

from dataclasses import FrozenInstanceError

import pytest

from components.figures.theme import GRADE_RAMP, PX_PER_PT, SCREEN_THEME, SLIDE_THEME
from components.model.drugs import DRUG_CLASSES, INTRATHECAL_CHEMOTHERAPY

THEMES = [SCREEN_THEME, SLIDE_THEME]


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_grade_ramp_darkens_from_grade_0_to_4():
    # Lightness alone orders the grades, so the order survives colour-blindness and greyscale.
    lightness = [luminance(c) for c in GRADE_RAMP]
    assert len(GRADE_RAMP) == 5
    assert lightness == sorted(lightness, reverse=True)
    assert len(set(lightness)) == 5


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_drug_class_has_its_own_colour(theme):
    colours = [theme.drug_class_colors[name] for name in DRUG_CLASSES]
    assert len(set(colours)) == len(DRUG_CLASSES)
    # Corticosteroids (blue) and intrathecal chemotherapy (vermillion) are Okabe-Ito opposites.
    assert theme.drug_class_colors["Corticosteroid"] == "#0072B2"
    assert theme.drug_class_colors[INTRATHECAL_CHEMOTHERAPY] == "#D55E00"


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_theme_colours_include_every_palette(theme):
    colours = theme.colors()
    assert set(theme.grade_colors) <= colours
    assert set(theme.series_colors.values()) <= colours
    assert theme.phase_colors["icu"] in colours


def test_slide_theme_is_white_1920_by_1080_with_text_of_18_pt_or_more():
    assert SLIDE_THEME.background == "#FFFFFF"
    assert (SLIDE_THEME.width, SLIDE_THEME.height) == (1920, 1080)
    smallest = min(
        SLIDE_THEME.font_size,
        SLIDE_THEME.small_font_size,
        SLIDE_THEME.lane_title_size,
        SLIDE_THEME.title_size,
    )
    assert smallest >= 18 * PX_PER_PT == 24


def test_screen_theme_follows_its_container():
    assert SCREEN_THEME.width is None
    assert SCREEN_THEME.height is None


def test_themes_cannot_be_changed_in_place():
    with pytest.raises(FrozenInstanceError):
        SCREEN_THEME.font_size = 30
    with pytest.raises(TypeError):
        SCREEN_THEME.drug_class_colors["Corticosteroid"] = "#123456"
