"""Good news stories imported through the Import / export page (it lists every kind in
IMPORTERS): checked and previewed first, then stored; the Good news page shows them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from awards_app.services import goodnews
from awards_app.services.transfer.imports import GOOD_NEWS_COLUMNS
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import MainWindow


def test_good_news_is_imported_through_the_import_page(qtbot: Any, window: MainWindow,
                                                        tmp_path: Path) -> None:
    ctx = window.ctx
    path = tmp_path / "stories.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, GOOD_NEWS_COLUMNS[:11])
        writer.writeheader()
        writer.writerow({"story_date": "2026-11-30", "nominee_first_name": "Zoe",
                         "nominee_last_name": "Hartley", "worker_name": "Siobhan Kelly",
                         "worker_email": "siobhan.kelly@northbridge.gov.uk",
                         "story": "Zoë passed her first nursing placement.",
                         "young_person_knows": "yes"})
        writer.writerow({"story_date": "2026-11-30", "nominee_first_name": "Nobody",
                         "nominee_last_name": "Known", "story": "x"})
    before = len(ctx.read(goodnews.list_stories))
    page: Any = window.show_page(PageId.TRANSFER)
    page.kind.setCurrentIndex(page.kind.findData("good_news"))
    assert page.kind.currentText() == "Good news stories"
    page.check_file(path)
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    assert page.tables.problems_model.rowCount() == 1  # Row 3's young person is unknown
    assert not page.import_button.isEnabled()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))[:1]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, GOOD_NEWS_COLUMNS[:11])
        writer.writeheader()
        writer.writerows(rows)
    page.check_file(path)
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    assert page.import_button.isEnabled()
    assert len(ctx.read(goodnews.list_stories)) == before  # checking stored nothing
    with qtbot.waitSignal(ctx.data_changed, timeout=30_000):
        page.import_now()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    assert page.summary.text().startswith("Imported 1 row (1 good-news story)")
    stories = ctx.read(goodnews.list_stories)
    assert len(stories) == before + 1
    added = [r for r in stories if r.story == "Zoë passed her first nursing placement."]
    assert [(r.young_person, r.team, r.worker) for r in added] == [
        ("Zoë", "Staying Put Team", "Siobhan Kelly")]
    shown: Any = window.show_page(PageId.GOOD_NEWS)
    qtbot.waitUntil(lambda: shown.model.total_count == before + 1, timeout=10_000)
