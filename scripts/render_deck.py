"""Render PowerPoint decks to one PNG per slide, to look at what the deck's geometry tests
cannot see (`make deck-preview`, or `python scripts/render_deck.py DECK.pptx ... --out DIR`).

A checking tool, not a dependency: it needs LibreOffice Impress (`soffice`) and poppler
(`pdftoppm`) from Debian, and says so when they are missing. LibreOffice sets text with its own
metrics: without a font metric-compatible with Calibri (Debian's `fonts-crosextra-carlito`) it
falls back to a wider font and text wraps and breaks where PowerPoint's would not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = {"soffice": "libreoffice-impress", "pdftoppm": "poppler-utils"}
CONVERT_SECONDS = 300  # a deck of 40 picture slides converts in about 20 s on two cores


def missing_tools() -> list[str]:
    return [package for tool, package in TOOLS.items() if shutil.which(tool) is None]


def calibri_stand_in() -> str | None:
    """The font LibreOffice sets Calibri in, when fontconfig can say."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "Calibri"], capture_output=True, text=True, timeout=30, check=False
    )
    return found.stdout.strip() or None


def render(deck: Path, out: Path, dpi: int) -> list[Path]:
    """`deck` as PDF (beside the PNGs) and a PNG per slide in `out`: the PNG paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        # A profile of its own, so that a LibreOffice already open does not take the job.
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(deck),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_SECONDS,
        )
    pdf = out / f"{deck.stem}.pdf"
    prefix = out / deck.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
        check=True,
        timeout=CONVERT_SECONDS,
    )
    return sorted(out.glob(f"{deck.stem}-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="+", type=Path, help=".pptx files")
    parser.add_argument("--out", type=Path, default=Path("previews"), help="folder for PNGs")
    parser.add_argument("--dpi", type=int, default=60, help="60 gives 800 x 450 at 16:9")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(
            "Rendering a deck needs LibreOffice Impress and poppler: "
            f"apt-get install {' '.join(missing)} (and fonts-crosextra-carlito for "
            "Calibri's metrics).",
            file=sys.stderr,
        )
        return 2
    stand_in = calibri_stand_in()
    if stand_in and "Carlito" not in stand_in:
        print(
            f"note: Calibri is set in {stand_in}; install fonts-crosextra-carlito for "
            "PowerPoint's line breaks.",
            file=sys.stderr,
        )
    for deck in args.decks:
        if not deck.is_file():
            print(f"no deck {deck}", file=sys.stderr)
            return 1
        try:
            pictures = render(deck, args.out, args.dpi)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            print(f"{deck}: rendering failed: {error}", file=sys.stderr)
            return 1
        print(f"{deck}: {len(pictures)} slides in {args.out}/{deck.stem}-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
