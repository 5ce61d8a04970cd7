"""Hostile and awkward import files: how long each takes to be refused and the peak memory.

Builds the files seen when the program was attacked (issue 11, item 7) in a temporary folder
and reads each in a fresh Python process (so its peak memory is its own), printing the time
to the refusal, the process's peak resident memory, how many lines the refusal has, and its
first line. The goal: every refusal within 10 s and under 500 MB.

    .venv/bin/python benchmarks/hostile_files.py
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.services.transfer.test_hostile_files import (  # noqa: E402
    FRENCH,
    POLISH,
    RUSSIAN,
    empty_rows_xlsx,
    encoded_csv,
    wide_csv,
    wide_row_xlsx,
    xlsx_with_rows,
)

# Run in the child: read the file as an import does, report time, peak memory and refusal.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from awards_app.core.errors import ValidationError
from awards_app.services.transfer import tabular
from awards_app.services.transfer.imports import NOMINATION_COLUMNS, NOMINATION_REQUIRED
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    tabular.read_table(Path(sys.argv[1]), columns=NOMINATION_COLUMNS,
                       required=NOMINATION_REQUIRED, preferred_sheets=("Nominations",))
    lines = ["(read without a refusal)"]
except ValidationError as exc:
    lines = exc.lines()
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kb": peak, "start_kb": before, "lines": lines}))
"""


def varied_wide_row_xlsx(path: Path, cells: int) -> Path:
    """A million cells in one row, with references and random numbers: packed like a real
    sheet, so only the sheet scan (not the packing ratio) can refuse it."""
    rng = random.Random(7)

    def rows() -> Iterator[bytes]:
        yield b'<row r="1">'
        for start in range(0, cells, 10_000):
            yield "".join(f'<c r="A{n}"><v>{rng.random()}</v></c>'
                          for n in range(start, min(start + 10_000, cells))).encode()
        yield b"</row>"
    return xlsx_with_rows(path, rows())


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("empty-rows-1GB.xlsx", lambda p: empty_rows_xlsx(p, unpacked_mb=1024)),
    ("million-cells-row.xlsx", lambda p: wide_row_xlsx(p, cells=1_000_000)),
    ("million-cells-row-varied.xlsx", lambda p: varied_wide_row_xlsx(p, cells=1_000_000)),
    ("million-columns.csv", lambda p: wide_csv(p, 1_000_000)),
    ("iso-8859-2.csv", lambda p: encoded_csv(p, POLISH, "iso8859_2")),
    ("mac-roman.csv", lambda p: encoded_csv(p, FRENCH, "mac_roman")),
    ("koi8-r.csv", lambda p: encoded_csv(p, RUSSIAN, "koi8_r")),
]


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    print(f"{'file':32} {'size':>9} {'unpacked':>9} {'refused in':>10} {'peak RSS':>9} "
          f"{'lines':>5}  first line")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES:
            path = build(Path(folder) / name)
            unpacked = ""
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as book:
                    total = sum(i.file_size for i in book.infolist())
                unpacked = f"{total / 1024 ** 2:,.0f} MB"
            done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=root,
                                  capture_output=True, text=True, timeout=120, check=True)
            report = json.loads(done.stdout)
            size = path.stat().st_size
            print(f"{name:32} {size / 1024:>6,.0f} KB {unpacked:>9} {report['seconds']:>8.2f} s "
                  f"{report['peak_kb'] / 1024:>6,.0f} MB {len(report['lines']):>5}  "
                  f"{report['lines'][0][:150]}")
    print("(peak RSS includes the interpreter and the program's imports: "
          f"about {report['start_kb'] / 1024:,.0f} MB before reading)")


if __name__ == "__main__":
    main()
