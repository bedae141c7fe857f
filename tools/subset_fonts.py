"""Make the script fonts in resources/fonts/ from Debian's font packages.

    apt-get install fonts-noto-core fonts-droid-fallback
    python tools/subset_fonts.py

Each Noto font keeps only its own script (Latin comes from DejaVu Sans) with every
OpenType layout feature, so harfbuzz can still join Arabic and form Indic conjuncts; hinting
is dropped (PDFs are printed, not shown on low-resolution screens). Droid Sans Fallback keeps
the CJK ideographs, kana and CJK punctuation (Hangul comes from NanumSquare).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

NOTO = Path("/usr/share/fonts/truetype/noto")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts"

# Shared by every script: digits, punctuation and brackets (a word is shaped in one font, so
# "(محمد)" needs its brackets there too), joiners, dotted circle (shown under a lone
# combining mark), dashes and quotes a name may carry.
COMMON = "20-40,5B-60,7B-7E,A0,AB,BB,200C-200F,2010-2027,25CC"
SCRIPTS = {
    "Arabic": "0600-06FF,0750-077F,08A0-08FF,FB50-FDFF,FE70-FEFF",
    "Hebrew": "0590-05FF,FB1D-FB4F",
    "Devanagari": "0900-097F,A8E0-A8FF,1CD0-1CFF,20B9",
    "Bengali": "0980-09FF",
    "Gurmukhi": "0A00-0A7F",
    "Gujarati": "0A80-0AFF",
    "Oriya": "0B00-0B7F",
    "Tamil": "0B80-0BFF",
    "Telugu": "0C00-0C7F",
    "Kannada": "0C80-0CFF",
    "Malayalam": "0D00-0D7F",
    "Sinhala": "0D80-0DFF",
    "Thai": "0E00-0E7F",
}
CJK = "3000-303F,3040-309F,30A0-30FF,31F0-31FF,3400-4DBF,4E00-9FFF,F900-FAFF,FF00-FFEF"


def run(source: Path, target: Path, unicodes: str) -> None:
    subset.main(
        [
            str(source),
            f"--unicodes={unicodes}",
            "--layout-features=*",
            "--no-hinting",
            "--name-IDs=*",
            "--notdef-outline",
            f"--output-file={target}",
        ]
    )
    print(f"{target.name}: {target.stat().st_size // 1024} KB")


def main() -> int:
    for script, ranges in SCRIPTS.items():
        for weight in ("Regular", "Bold"):
            run(
                NOTO / f"NotoSans{script}-{weight}.ttf",
                OUT / f"NotoSans{script}-{weight}.ttf",
                f"{COMMON},{ranges}",
            )
    run(DROID, OUT / "DroidSansFallback-CJK.ttf", f"{COMMON},{CJK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
