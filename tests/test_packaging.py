"""Build the PyInstaller bundle from build.spec and smoke-start it (skipped without PyInstaller).

Install PyInstaller to run it: ``pip install pyinstaller`` (kept out of the test extra: the
build takes about a minute).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller")

ROOT = Path(__file__).resolve().parent.parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once for every test in this module; returns dist/AwardsApp."""
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
         str(ROOT / "build.spec")],
        cwd=out, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    folder = out / "dist" / "AwardsApp"
    assert folder.is_dir()
    return folder


def _environment(home: Path) -> dict[str, str]:
    """Offscreen Qt, and user folders (settings, logs, default database) kept in ``home``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("AWARDS_DB", None)
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["APPDATA"] = env["LOCALAPPDATA"] = str(home / "appdata")
    # Nothing may come from the checkout: the bundle must carry everything it needs.
    env.pop("PYTHONPATH", None)
    return env


def _run(program: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], cwd=home, env=_environment(home),
                          capture_output=True, text=True, timeout=180)


def test_bundle_holds_resources_and_migrations_where_the_code_looks(bundle: Path) -> None:
    internal = bundle / "_internal"
    # paths.resources_dir(): sys._MEIPASS / "resources"
    assert (internal / "resources" / "default_categories.json").is_file()
    assert (internal / "resources" / "demo" / "demo_event.json").is_file()
    # db/migrate.py: Path(__file__).parent / "migrations", __file__ inside _internal/awards_app/db
    migrations = internal / "awards_app" / "db" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    shipped = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    source = sorted(p.name for p in (ROOT / "awards_app/db/migrations/versions").glob("*.py"))
    assert shipped == source and shipped
    assert (bundle / f"AwardsApp{EXE_SUFFIX}").is_file()
    assert (bundle / f"awards{EXE_SUFFIX}").is_file()


def test_desktop_program_smoke_starts(bundle: Path, tmp_path: Path) -> None:
    """Opens a demo database (running every migration from the bundled files), shows every
    page and exits 0."""
    result = _run(bundle / f"AwardsApp{EXE_SUFFIX}", "--smoke", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    if sys.platform != "win32":  # a windowed .exe has no stdout on Windows
        assert "smoke: ok" in result.stdout, result.stdout + result.stderr


def test_console_program_smoke_starts_and_reports(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle / f"awards{EXE_SUFFIX}", "--smoke", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke: ok" in result.stdout, result.stdout + result.stderr


def test_cli_commands_run_through_the_bundle(bundle: Path, tmp_path: Path) -> None:
    from awards_app import __version__

    awards = bundle / f"awards{EXE_SUFFIX}"
    version = _run(awards, "--version", home=tmp_path)
    assert version.returncode == 0 and __version__ in version.stdout
    helped = _run(awards, "status", "--help", home=tmp_path)
    assert helped.returncode == 0 and "usage:" in helped.stdout
    db = tmp_path / "bundle.sqlite3"
    created = _run(awards, "--db", str(db), "init", "--demo", home=tmp_path)
    assert created.returncode == 0, created.stdout + created.stderr
    status = _run(awards, "--db", str(db), "status", "--json", home=tmp_path)
    assert status.returncode == 0, status.stdout + status.stderr
    assert '"Northbridge Care Leavers Awards"' in status.stdout
    checked = _run(awards, "--db", str(db), "check", home=tmp_path)
    assert checked.returncode == 0 and "integrity ok" in checked.stdout, checked.stdout
