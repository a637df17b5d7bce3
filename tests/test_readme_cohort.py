"""The README defines every registry field exactly as `case-timeline cohort --help` does."""

from pathlib import Path

from components.clinical.cohort import FIELDS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_has_every_fields_definition():
    text = README.read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"| `{field.name}` | {field.definition} |" in text
