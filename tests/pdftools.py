"""The command-line PDF tools the tests check our PDFs with (poppler-utils, qpdf), and how
their output is read. A missing tool skips the test and says which Debian package has it."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; "
                    "scripts/setup-debian.sh installs it)")
    return path


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, capture_output=True, timeout=120, check=False)


def normalise(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), bidi controls as spaces (they mark
    run boundaries), single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)
    return " ".join(text.split())


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalise(text).casefold()))


def qpdf_check(path: object) -> None:
    done = run(tool("qpdf", "qpdf"), "--check", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert b"No syntax or stream encoding errors" in done.stdout


def pdffonts(path: object) -> list[dict[str, str]]:
    """pdffonts' table as one dict per font, keyed by its column headings."""
    done = run(tool("pdffonts", "poppler-utils"), str(path))
    assert done.returncode == 0, done.stderr
    header, dashes, *rows = done.stdout.decode().splitlines()
    columns = [m.span() for m in re.finditer(r"-+", dashes)]
    names = header.split()
    return [{n: row[a:b].strip() for n, (a, b) in zip(names, columns, strict=False)}
            for row in rows if row.strip()]
