"""What is wrong with a case file, said so a person can find and fix it: the file, the row as
a spreadsheet shows it, the column, what was found and what was expected."""

from __future__ import annotations

from dataclasses import dataclass

#: What was found is quoted up to this many characters: a cell of 5,000 digits is named, not
#: printed whole into the message a person reads.
FOUND_SHOWN = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case file, said so a person can find and fix it."""

    file: str
    row: int | None
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        found = f"found '{shortened(self.found)}'" if self.found != "" else "found an empty cell"
        return f"{', '.join(where)}: {found}; expected {self.expected}"


def shortened(text: str, limit: int = FOUND_SHOWN) -> str:
    """The text, or its start and its length when it is longer than `limit` characters."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


class CaseFileError(Exception):
    """A case file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def spreadsheet_row(index: int) -> int:
    """The row a spreadsheet shows for a 0-based data index: the header is row 1."""
    return int(index) + 2
