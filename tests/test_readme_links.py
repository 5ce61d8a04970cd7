"""The README's pictures and links lead somewhere: every file it links to (a screenshot, a
certificate sample, CONTRIBUTING.md) exists, and every in-page link (#the-ceremony-pack)
names one of its headings as GitHub spells their anchors."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def link_problems(text: str, root: Path) -> list[str]:
    anchors = {anchor(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        if target.startswith("#"):
            if target[1:] not in anchors:
                problems.append(f"{target}: no such heading")
        elif not (root / target.split("#")[0]).exists():
            problems.append(f"{target}: no such file")
    return problems


def test_every_file_and_heading_the_readme_links_to_exists() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(re.findall(r"\]\(docs/screenshots/[^)]+\.png\)", text)) >= 30
    assert link_problems(text, ROOT) == []


def test_the_check_finds_a_missing_picture_and_a_wrong_heading() -> None:
    text = ("## The ceremony pack\n![A](docs/screenshots/no-such-picture.png) "
            "[ok](#the-ceremony-pack) [wrong](#the-ceremony-packs)\n")
    assert link_problems(text, ROOT) == ["docs/screenshots/no-such-picture.png: no such file",
                                         "#the-ceremony-packs: no such heading"]
    assert anchor("Parity: young people living out of the city") == \
        "parity-young-people-living-out-of-the-city"
