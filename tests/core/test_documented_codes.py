"""Every certificate code shown to people — README, docs and the program's own texts — is a
code the program could have issued (issue 12, item 6: the README's example had a wrong
check character)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from awards_app.core.codes import format_code, is_valid

ROOT = Path(__file__).resolve().parents[2]
#: a code as shown (XXXX-XXXX-XXXX-C), or as stored: 13 code letters and digits, at least
#: two of each (so words and numbers are not taken for codes)
SHOWN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=](?![0-9A-Za-z])")
STORED = re.compile(r"(?<![0-9A-Za-z])(?=(?:[A-Z]*[0-9]){2})(?=(?:[0-9]*[A-Z]){2})"
                    r"[0-9A-Z]{12}[0-9A-Z*~$=](?![0-9A-Za-z])")
# The shape written out for people, not a code.
PATTERNS = {"XXXX-XXXX-XXXX-C"}


def code_like(text: str) -> list[str]:
    return [m.group() for pattern in (SHOWN, STORED) for m in pattern.finditer(text)
            if m.group() not in PATTERNS]


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def program_texts() -> list[tuple[str, str]]:
    """(where, text) for every string literal in awards_app, docstrings included."""
    found = []
    for path in sorted((ROOT / "awards_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


def test_the_finder_finds_codes() -> None:
    assert code_like("e.g. `7KQM-3XTR-9VWD-H`, or 7KQM3XTR9VWZH; not N-0012 or 2027") == [
        "7KQM-3XTR-9VWD-H", "7KQM3XTR9VWZH"]
    assert code_like("XXXX-XXXX-XXXX-C, CERTIFICATES, 1234567890123") == []


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_in_the_documents_is_valid(path: Path) -> None:
    bad = [code for code in code_like(path.read_text(encoding="utf-8"))
           if not is_valid(code.replace("-", ""))]
    assert bad == [], f"{path.name}: not valid codes: {bad}"


def test_every_code_in_the_program_texts_is_valid() -> None:
    bad = [(where, code) for where, text in program_texts() for code in code_like(text)
           if not is_valid(code.replace("-", ""))]
    assert bad == []


def test_the_sample_code_is_valid() -> None:
    from awards_app.core.codes import SAMPLE_CODE

    assert is_valid(SAMPLE_CODE) and format_code(SAMPLE_CODE) == "7KQM-3XTR-9VWZ-H"
