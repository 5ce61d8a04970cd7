"""The wheel on its own: build it, install it with its dependencies into a fresh virtual
environment, and run the demo and the certificates from a folder outside the checkout.

A plain ``pip install .`` must carry everything the program reads at run time: the resources
(fonts, default categories, the demo event) and the Alembic migrations. The checkout is
copied before building, so no ``build/`` or ``*.egg-info`` is left in it. Building and
installing need the package index (through the proxy) or, without it, the wheels kept from an
earlier run; the tests are skipped only when neither is there.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.slow

# Not copied from the top of the checkout: virtual environments, caches, earlier builds.
NOT_COPIED_TOP = {".git", ".venv", "venv", "build", "dist", ".pytest_cache", ".mypy_cache",
                  ".ruff_cache", ".hypothesis"}
# What pip prints when the package index cannot be reached.
NO_NETWORK = ("NewConnectionError", "Failed to establish a new connection",
              "Temporary failure in name resolution", "Name or service not known",
              "Network is unreachable", "ProxyError", "ConnectTimeoutError")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    source: Path  # the copy the wheel was built from
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / BIN / f"python{EXE_SUFFIX}"

    @property
    def awards(self) -> Path:
        return self.venv / BIN / f"awards{EXE_SUFFIX}"


def _not_copied(folder: str, names: list[str]) -> set[str]:
    skipped = {n for n in names if n == "__pycache__" or ".sqlite3" in n}
    if Path(folder) == ROOT:
        skipped |= {n for n in names if n in NOT_COPIED_TOP or n.endswith(".egg-info")}
    return skipped


def _pip_env() -> dict[str, str]:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    for var in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(var, None)
    return env


def _pip(python: Path | str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-m", "pip", *args, "--progress-bar", "off"],
                          cwd=cwd, env=_pip_env(), capture_output=True, text=True, timeout=900)


def _failed(result: subprocess.CompletedProcess[str], what: str) -> str:
    return f"{what} failed ({result.returncode}):\n{(result.stdout + result.stderr)[-6000:]}"


def _download(requirements: list[str], into: Path, *, cwd: Path) -> bool:
    """Download ``requirements`` (with their dependencies) into ``into``; False when the
    package index cannot be reached."""
    done = _pip(sys.executable, "download", "--retries", "2", "-d", str(into), *requirements,
                cwd=cwd)
    if done.returncode == 0:
        return True
    if any(marker in done.stdout + done.stderr for marker in NO_NETWORK):
        return False
    pytest.fail(_failed(done, "pip download"))


def _keep(downloads: Path, wheelhouse: Path) -> None:
    """Make the kept wheelhouse hold what was downloaded now and nothing older. Copies are
    atomic: xdist workers may run this module at the same time."""
    wanted = {f.name for f in downloads.iterdir() if not f.name.startswith("awards_app-")}
    for name in wanted - {f.name for f in wheelhouse.iterdir()}:
        part = wheelhouse / f".{name}.{os.getpid()}.part"
        shutil.copyfile(downloads / name, part)
        os.replace(part, wheelhouse / name)
    for old in wheelhouse.iterdir():
        if old.name not in wanted and not old.name.endswith(".part"):
            old.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory,
              request: pytest.FixtureRequest) -> Installed:
    """Build the wheel from a copy of the checkout and install it with its dependencies into
    a new virtual environment that sees neither the checkout nor this environment.

    The build backend and the dependencies come from the package index; a copy is kept in
    pytest's cache folder (``.pytest_cache``), used when the index cannot be reached."""
    work = tmp_path_factory.mktemp("wheel")
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    wheelhouse = (cache.mkdir("awards-wheelhouse") if cache is not None
                  else work / "wheelhouse")
    wheelhouse.mkdir(exist_ok=True)
    downloads = work / "downloads"
    online = _download(["setuptools>=77"], downloads, cwd=work)  # the build backend
    links = downloads if online else wheelhouse
    if not online and not any(wheelhouse.glob("*.whl")):
        pytest.skip("the package index cannot be reached and no wheels were kept from an "
                    "earlier run")

    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_not_copied)
    wheels = work / "wheels"
    built = _pip(sys.executable, "wheel", "--no-deps", "--no-index", "--find-links", str(links),
                 "-w", str(wheels), str(source), cwd=work)
    assert built.returncode == 0, _failed(built, "pip wheel")
    [wheel] = wheels.glob("awards_app-*.whl")

    venv = work / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], cwd=work,
                          env=_pip_env(), capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, _failed(made, "python -m venv")
    result = Installed(wheel=wheel, source=source, venv=venv)

    if online and not _download([str(wheel)], downloads, cwd=work):
        links = wheelhouse  # the index went away between the two downloads
    done = _pip(result.python, "install", "--no-index", "--find-links", str(links),
                str(wheel), cwd=work)
    if done.returncode != 0 and links == wheelhouse:
        pytest.skip("the package index cannot be reached and the wheels kept from an earlier "
                    "run do not cover the dependencies:\n" + done.stderr[-2000:])
    assert done.returncode == 0, _failed(done, "pip install of the wheel")
    if links == downloads:
        _keep(downloads, wheelhouse)
    return result


def _program_env(home: Path) -> dict[str, str]:
    """Nothing from the checkout or the test's environment; user folders kept in ``home``."""
    env = _pip_env()
    env.update(AWARDS_DB=str(home / "awards.sqlite3"), PYTHONNOUSERSITE="1",
               QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["APPDATA"] = env["LOCALAPPDATA"] = str(home / "appdata")
    return env


def _run(program: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], cwd=home, env=_program_env(home),
                          capture_output=True, text=True, timeout=300)


def _awards(installed: Installed, *args: str, home: Path) -> str:
    done = _run(installed.awards, *args, home=home)
    assert done.returncode == 0, f"awards {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_holds_every_module_resource_and_migration(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    modules = {f"awards_app/{name}" for name in _files(installed.source / "awards_app")}
    assert sorted(modules - names) == []
    resources = {f"awards_app/resources/{name}"
                 for name in _files(installed.source / "resources")}
    assert {"awards_app/resources/default_categories.json",
            "awards_app/resources/demo/demo_event.json"} <= resources
    assert sorted(resources - names) == []
    migrations = "awards_app/db/migrations/"
    assert {migrations + "env.py", migrations + "script.py.mako"} <= names
    assert any(n.startswith(migrations + "versions/") and n.endswith(".py") for n in names)
    assert not any(n.startswith(("resources/", "tests/")) for n in names), "top-level folders"


def test_installed_package_finds_its_resources(installed: Installed, tmp_path: Path) -> None:
    script = ("import json, awards_app, awards_app.paths as p; print(json.dumps("
              "{'package': awards_app.__file__, 'resources': str(p.resources_dir()), "
              "'font': str(p.resource('fonts', 'NotoSans-Regular.ttf'))}))")
    done = _run(installed.python, "-c", script, home=tmp_path)
    assert done.returncode == 0, done.stderr
    found = {key: Path(value).resolve() for key, value in json.loads(done.stdout).items()}
    venv = installed.venv.resolve()
    for path in found.values():
        assert path.is_relative_to(venv) and not path.is_relative_to(ROOT.resolve()), path
    resources = found["resources"]
    assert resources == found["package"].parent / "resources"
    assert (resources / "default_categories.json").is_file()
    assert (resources / "demo" / "demo_event.json").is_file()
    fonts = sorted(p.name for p in (ROOT / "resources" / "fonts").glob("*.ttf"))
    assert fonts and sorted(p.name for p in (resources / "fonts").glob("*.ttf")) == fonts
    assert found["font"].is_file()


def test_demo_and_certificates_run_from_the_installed_commands(installed: Installed,
                                                              tmp_path: Path) -> None:
    """``awards init --demo``, then one category judged on paper (scores imported, every
    judge's submission recorded, results confirmed) and its certificates printed."""
    home = tmp_path
    assert "demo event" in _awards(installed, "init", "--demo", home=home)
    _awards(installed, "check", home=home)

    _awards(installed, "export", "--out", str(home / "event.json"), home=home)
    event = json.loads((home / "event.json").read_text(encoding="utf-8"))
    results = json.loads(_awards(installed, "results", "--format", "json", home=home))
    refs = {c["category"]: [r["nomination_ref"] for r in c["ranking"]] for c in results}
    category = min((name for name in refs if refs[name]), key=lambda name: len(refs[name]))
    criteria = next(c["criteria"] for c in event["categories"] if c["name"] == category)
    judges = sorted({judge["name"] for sponsor in event["sponsors"]
                     if sponsor["active"] and category in sponsor["categories"]
                     for judge in sponsor["judges"] if judge["active"]})
    assert judges and criteria

    scores = home / "scores.csv"
    with scores.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["judge", "nomination_ref", "criterion", "score", "comment"])
        for judge in judges:
            for place, ref in enumerate(refs[category]):  # distinct totals: no ties
                for criterion in criteria:
                    writer.writerow([judge, ref, criterion["name"],
                                     max(criterion["scale_max"] - place,
                                         criterion["scale_min"]), ""])
    _awards(installed, "import", "scores", str(scores), home=home)
    for judge in judges:
        _awards(installed, "judging", "submit", judge, "--category", category, home=home)
    assert "Winner(s):" in _awards(installed, "judging", "confirm", "--category", category,
                                   home=home)

    pdf = home / "certificates.pdf"
    written = _awards(installed, "certificates", "--category", category, "--out", str(pdf),
                      home=home)
    assert "Wrote" in written, written
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 10_000
    # The fonts are embedded from resources/fonts (subset names like AAAAAA+NotoSans-Bold).
    assert b"/FontFile2" in data and b"+NotoSans" in data
