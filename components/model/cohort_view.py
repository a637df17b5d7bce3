"""The cohort view a person sees, typed: what the cases are aligned on, ranked by and filtered
to, and which syndrome the summary counts. It lives in the URL
(`/cohort?align=icans-onset&rank=peak-icans&filter=source:synthetic;icans:3&summary=crs`), like
the case page's view; anything unreadable falls back to the default and says so in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

#: Align keys and their labels, in the order the page offers them.
ALIGNS: dict[str, str] = {
    "infusion": "CAR-T infusion (day 0)",
    "crs-onset": "CRS onset",
    "icans-onset": "ICANS onset",
    "icans-3": "first ICANS grade ≥3",
    "intrathecal": "first intrathecal therapy",
}
#: Rank keys and their labels; a registry field name ranks by that column too ('-' first for
#: highest first), as sorting the table does.
RANKS: dict[str, str] = {
    "name": "case name",
    "icans-onset": "days to ICANS onset",
    "peak-icans": "highest ICANS grade",
    "icans-high-days": "days at ICANS grade ≥3",
    "steroids": "corticosteroid exposure",
    "onset-to-it": "ICANS onset to intrathecal therapy",
    "follow-up": "follow-up",
}
#: Filter keys: product, highest grade (crs / icans: at least this grade), a drug given,
#: outcome (died / alive), source (published / uploaded / synthetic).
FILTER_KEYS = ("product", "crs", "icans", "drug", "outcome", "source")
OUTCOMES = ("died", "alive")
SUMMARIES = ("icans", "crs")


@dataclass(frozen=True)
class CohortView:
    align: str = "infusion"
    rank: str = "name"
    filters: tuple[tuple[str, str], ...] = field(default=())
    summary: str = "icans"

    def filter_value(self, key: str) -> str | None:
        return dict(self.filters).get(key)

    def query(self) -> str:
        """The query string; defaults are left out."""
        params = {}
        if self.align != "infusion":
            params["align"] = self.align
        if self.rank != "name":
            params["rank"] = self.rank
        if self.filters:
            params["filter"] = ";".join(f"{k}:{v}" for k, v in self.filters)
        if self.summary != "icans":
            params["summary"] = self.summary
        return "?" + urlencode(params, safe=":;") if params else ""


def parse_filters(text: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """'source:synthetic;icans:3' as (key, value) pairs in FILTER_KEYS order, and notices."""
    found: dict[str, str] = {}
    notices = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _, value = part.partition(":")
        key, value = key.strip(), value.strip()
        if key not in FILTER_KEYS or not value:
            notices.append(f"Filter {part!r} was not understood; it is left out.")
            continue
        if key in ("crs", "icans") and value not in ("1", "2", "3", "4"):
            notices.append(f"Highest {key.upper()} grade {value!r} is not 1-4; left out.")
            continue
        if key == "outcome" and value not in OUTCOMES:
            notices.append(f"Outcome {value!r} is not 'died' or 'alive'; left out.")
            continue
        found[key] = value
    return tuple((k, found[k]) for k in FILTER_KEYS if k in found), notices


def is_rank(rank: str, columns: tuple[str, ...]) -> bool:
    return rank in RANKS or rank.removeprefix("-") in columns


def parse_cohort_view(search: str, columns: tuple[str, ...] = ()) -> tuple[CohortView, list]:
    """The view a query string asks for (`columns`: the table's fields a rank may name)."""
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?")).items()}
    notices = []
    align = params.get("align", "infusion")
    if align not in ALIGNS:
        notices.append(f"Align {align!r} is not known; aligned on the infusion.")
        align = "infusion"
    rank = params.get("rank", "name")
    if not is_rank(rank, columns):
        notices.append(f"Rank {rank!r} is not known; ranked by case name.")
        rank = "name"
    summary = params.get("summary", "icans")
    if summary not in SUMMARIES:
        notices.append(f"Summary {summary!r} is not 'icans' or 'crs'; ICANS is shown.")
        summary = "icans"
    filters, more = parse_filters(params.get("filter", ""))
    return CohortView(align, rank, filters, summary), notices + more
