"""The README's pictures and links lead somewhere: every file it links to (a screenshot, a
certificate sample, CONTRIBUTING.md) exists, and every in-page link (#the-ceremony-pack)
names one of its headings as GitHub spells their anchors. The user guide's pictures are shown
at their own size, narrow enough for the guide window, so their words can be read."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image  # Pillow, which ReportLab needs

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "resources" / "guide"
#: the guide window's page is about 720 pixels wide at its first size (ui/guide.py: 760)
GUIDE_WIDTH = 720


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


def picture_problems(html: str, folder: Path) -> list[str]:
    """Pictures the guide shrinks (a width or height other than the file's own, which made
    the words in them too small to read) or that are wider than the guide window."""
    problems = []
    for tag in re.findall(r"<img\s[^>]*>", html):
        src = re.search(r'src="([^"]+)"', tag)
        assert src is not None, tag
        with Image.open(folder / src.group(1)) as image:
            size = image.size
        shown = tuple(int(m.group(1)) if (m := re.search(rf'{a}="(\d+)"', tag)) else n
                      for a, n in (("width", size[0]), ("height", size[1])))
        if shown != size:
            problems.append(f"{src.group(1)}: shown at {shown}, the picture is {size}")
        elif size[0] > GUIDE_WIDTH:
            problems.append(f"{src.group(1)}: {size[0]} pixels wide, the guide {GUIDE_WIDTH}")
    return problems


def test_the_guide_shows_its_pictures_at_their_own_size(tmp_path: Path) -> None:
    html = (GUIDE / "guide.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<img\s", html)) >= 9
    assert picture_problems(html, GUIDE) == []
    # the check can fail: a shrunk picture and one wider than the window
    shrunk = '<img src="overview.png" width="560">'
    assert picture_problems(shrunk, GUIDE) == [
        "overview.png: shown at (560, 625), the picture is (700, 625)"]
    Image.new("RGB", (900, 100)).save(tmp_path / "wide.png")
    assert picture_problems('<img src="wide.png">', tmp_path) == [
        "wide.png: 900 pixels wide, the guide 720"]
