"""Rendering in a fresh Python process: QT_SCALE_FACTOR (150 %) applies only at start-up, so
a screenshot test at another scale runs its render function in a new interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def picture_path(tmp_path: Path, name: str) -> Path:
    """Where a test's picture goes: AWARDS_SCREENSHOTS=DIR keeps them, else ``tmp_path``."""
    return Path(os.environ.get("AWARDS_SCREENSHOTS") or tmp_path) / name


def render_in_fresh_process(module: str, function: str, *args: object, scale: str,
                            tmp_path: Path, timeout: int = 180) -> dict[str, Any]:
    """``module.function(*args)`` (plain values in, a JSON-able report out) run offscreen in a
    new process at ``scale``; its report. A hang dumps every thread's stack before the
    timeout instead of stalling the run."""
    call = f"{function}({', '.join(repr(a) for a in args)})"
    code = (f"import faulthandler, json; faulthandler.dump_traceback_later({timeout - 20}, "
            f"exit=True); from {module} import {function}; print(json.dumps({call}))")
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report
