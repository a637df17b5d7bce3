"""The lane registry: every lane of the timeline, in stacking order, with all that is known
about it in one entry.

A `LaneSpec` carries the lane's key (what the URL's `lanes=` names), its title (also in the lane
picker), its builder (pure: events and theme in, a `Lane` or None out), a cheap selector of the
rows it draws (so "has this case data for it?" never builds traces), the deck slide it goes on,
and whether it belongs to the deck's overview slide. The timeline, the page, the exports and
the command line all read this registry: adding a lane is one builder and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from components.figures.lanes.clinical import (
    crs_grade_lane,
    crs_grades,
    csf_lane,
    csf_results,
    icans_grade_lane,
    icans_grades,
    inflammation_lab_lane,
    inflammation_labs,
    neuro_score_lane,
    neuro_scores,
)
from components.figures.lanes.lane import Lane
from components.figures.lanes.measures import (
    other_labs,
    other_labs_lane,
    symptom_lane,
    symptoms,
    vital_signs,
    vitals_lane,
)
from components.figures.lanes.rows import care_events, care_lane, drug_lane, drug_rows
from components.figures.theme import Theme


@dataclass(frozen=True)
class LaneSpec:
    key: str
    title: str
    build: Callable[[pd.DataFrame, Theme], Lane | None]
    #: The rows the lane draws: the lane has data exactly when this is not empty.
    rows: Callable[[pd.DataFrame], pd.DataFrame]
    #: The title of the deck slide that shows this lane with the others of its group.
    deck_group: str
    #: Drawn on the deck's overview slide when no lanes are chosen.
    overview: bool = False

    def has_data(self, events: pd.DataFrame) -> bool:
        return not self.rows(events).empty

    def build_lane(self, events: pd.DataFrame, theme: Theme) -> Lane | None:
        built = self.build(events, theme)
        return None if built is None else replace(built, key=self.key, title=self.title)


GRADES = "CRS and ICANS grades"
NEURO = "Neurological scores and CSF"
VITALS = "Vital signs"
LABS = "Laboratory values"

LANE_SPECS = (
    LaneSpec("crs", "CRS grade (ASTCT)", crs_grade_lane, crs_grades, GRADES),
    LaneSpec("icans", "ICANS grade (ASTCT)", icans_grade_lane, icans_grades, GRADES, True),
    LaneSpec("vitals", "Vital signs", vitals_lane, vital_signs, VITALS),
    LaneSpec(
        "neuro", "Neurological scores (ICE, GCS)", neuro_score_lane, neuro_scores, NEURO, True
    ),
    LaneSpec("symptoms", "Symptoms", symptom_lane, symptoms, NEURO),
    LaneSpec(
        "labs",
        "Inflammation markers (CRP, ferritin)",
        inflammation_lab_lane,
        inflammation_labs,
        LABS,
    ),
    LaneSpec("more-labs", "Other laboratory values", other_labs_lane, other_labs, LABS),
    LaneSpec("csf", "Cerebrospinal fluid", csf_lane, csf_results, NEURO),
    LaneSpec("drugs", "Drugs", drug_lane, drug_rows, "Drugs", True),
    LaneSpec("care", "Care and events", care_lane, care_events, "Care and diagnostics"),
)
#: The lanes by key, in stacking order, top to bottom.
LANES: Mapping[str, LaneSpec] = {spec.key: spec for spec in LANE_SPECS}


def lane_keys(events: pd.DataFrame, registry: Mapping[str, LaneSpec] = LANES) -> list[str]:
    """The lanes this case has data for, in stacking order."""
    return [key for key, spec in registry.items() if spec.has_data(events)]


def chosen_keys(lanes: Sequence[str] | None, registry: Mapping[str, LaneSpec] = LANES) -> list[str]:
    """The lanes asked for, in the order asked (all when none are named); ValueError names an
    unknown one."""
    if lanes is None:
        return list(registry)
    unknown = [key for key in lanes if key not in registry]
    if unknown:
        raise ValueError(f"Unknown lanes: {', '.join(unknown)}; known: {', '.join(registry)}")
    return list(dict.fromkeys(lanes))


def deck_groups(registry: Mapping[str, LaneSpec] = LANES) -> dict[str, tuple[str, ...]]:
    """The deck's lane slides after the overview: each group's title and its lanes, in order."""
    groups: dict[str, tuple[str, ...]] = {}
    for key, spec in registry.items():
        groups[spec.deck_group] = (*groups.get(spec.deck_group, ()), key)
    return groups


def overview_keys(registry: Mapping[str, LaneSpec] = LANES) -> tuple[str, ...]:
    return tuple(key for key, spec in registry.items() if spec.overview)
