"""The demo (issue 13, item 6): it starts while nominations come in, on judging morning or
after the results; its temporary folder goes when the program quits; and it keeps its own
"last page", so exploring it never changes where the real database opens."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import Judge, Score
from awards_app.services import certificates, demo, events
from awards_app.services.catalogue import sponsors
from awards_app.services.judging import results
from awards_app.ui import app, settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow
from awards_app.ui.overview.welcome import DEMO_CHOICES


@pytest.fixture(autouse=True)
def real_settings() -> Iterator[None]:
    """Each test starts, and leaves the next one, on the real database's settings."""
    settings.use_demo_settings(False)
    yield
    settings.use_demo_settings(False)


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Let the pages' background loads finish before the database goes away."""
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)


def test_the_demo_stages_are_the_same_everywhere() -> None:
    assert app.DEMO_STAGES == demo.DEMO_STAGES
    assert tuple(stage for _text, stage in DEMO_CHOICES) == demo.DEMO_STAGES
    assert app.parse_args([]).demo is None
    assert app.parse_args(["--demo"]).demo == "nominations"
    assert app.parse_args(["--demo", "results"]).demo == "results"
    with pytest.raises(SystemExit):
        app.parse_args(["--demo", "tomorrow"])


def test_judging_morning_has_pins_and_no_scores(db: Database) -> None:
    with db.session() as session:
        event = demo.create_demo_event(session, stage="judging")
        assert event.status == "judging"
        first = sponsors.sponsor_rows(session, event.id)[0]
        with_pin = {j.id for j in session.scalars(select(Judge).where(Judge.pin_hash.is_not(None)))}
        assert with_pin and with_pin == {j.id for j in sponsors.judge_rows(session, first.id)}
        assert session.scalars(select(Score)).first() is None


def test_after_results_every_category_is_final_and_certificates_are_ready(db: Database) -> None:
    with db.session() as session:
        event = demo.create_demo_event(session, stage="results")
        ranked = results.category_results(session, event.id)
        assert ranked and all(r.status == results.FINAL for r in ranked)
        assert events.require_current_event(session).status == "results_final"
        placed = certificates.recipients(session, event.id, kind="placed")
        assert len(placed) >= len(ranked)


def test_an_unknown_stage_is_refused(db: Database) -> None:
    with db.session() as session, pytest.raises(ValidationError):
        demo.create_demo_event(session, stage="tomorrow")


def test_the_welcome_choice_opens_the_demo_after_results_and_quitting_removes_it(  # type: ignore[no-untyped-def]
        qtbot, messages) -> None:
    ctx = AppContext()
    folders = app.track_demo_folders(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.welcome.demo_stage.setCurrentIndex(
        [stage for _t, stage in DEMO_CHOICES].index("results"))
    with qtbot.waitSignal(ctx.database_changed, timeout=60_000):
        window.welcome.demo_button.click()
    assert ctx.database is not None and ctx.database.path is not None
    folder = Path(ctx.database.path).parent
    assert folders == {folder} and folder.is_dir()
    event_id = ctx.require_event()
    assert ctx.read(lambda s: events.require_current_event(s).status) == "results_final"
    assert ctx.read(lambda s: certificates.recipients(s, event_id, kind="placed"))
    settle(qtbot, window)
    window.close()
    app.remove_demo_folders(ctx, folders)
    assert not folder.exists()


def test_only_demo_folders_are_ever_removed(tmp_path: Path) -> None:
    ctx = AppContext()
    look_alike = tmp_path / "awards-demo-mine"  # not in the temporary folder itself
    look_alike.mkdir()
    real = Path(tempfile.mkdtemp(prefix="awards-demo-"))
    (real / "demo.sqlite3").write_bytes(b"")
    app.remove_demo_folders(ctx, {look_alike, real})
    assert look_alike.is_dir()
    assert not real.exists()


def test_the_demo_keeps_its_own_last_page() -> None:
    settings.put("window/page", 3)
    settings.use_demo_settings(True)
    assert settings.get("window/page") in (0, "0")  # the demo's own, not the real one's
    settings.put("window/page", 8)
    assert int(settings.get("window/page")) == 8
    settings.use_demo_settings(False)
    assert int(settings.get("window/page")) == 3


def test_opening_a_database_chooses_whose_settings(qtbot, messages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    settings.put("window/page", 2)
    with qtbot.waitSignal(window.ctx.database_changed, timeout=60_000):
        window.open_database(str(tmp_path / "demo.sqlite3"), demo="nominations")
    window.nav.setCurrentRow(6)
    assert int(settings.get("window/page")) == 6
    settle(qtbot, window)
    with qtbot.waitSignal(window.ctx.database_changed, timeout=60_000):
        window.open_database(str(tmp_path / "real.sqlite3"))
    assert int(settings.get("window/page")) == 2
    settle(qtbot, window)
