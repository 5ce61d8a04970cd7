"""``awards-app --smoke``: prove a build works: open the demo, visit every page, exit 0."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from awards_app.services import certificates
from awards_app.ui.certificates.design_dialog import preview_pdf
from awards_app.ui.certificates.pdf_preview import first_page
from awards_app.ui.main_window import PAGES, MainWindow

TIMEOUT_MS = 60_000


def certificate_preview_size(window: MainWindow) -> tuple[int, int]:
    """Draw a sample certificate and render it with PDFium, as the Certificates page does."""
    event_id = window.ctx.require_event()
    spec, artwork = window.ctx.read(lambda s: certificates.sample_preview(s, event_id))
    image = first_page(preview_pdf(spec, artwork), dpi=50)
    if image is None or image.isNull():
        raise RuntimeError("the preview came out empty")
    return image.width(), image.height()


def run_smoke(app: QApplication, window: MainWindow) -> None:
    def visit_pages() -> None:
        if window.ctx.event_id is None:
            print("smoke: no event was opened", file=sys.stderr)
            app.exit(1)
            return
        for page_id, _module, _cls in PAGES:
            window.show_page(page_id)
            app.processEvents()
        try:
            size = certificate_preview_size(window)
        except Exception as exc:  # a build missing PDFium, a font or the renderer
            print(f"smoke: the certificate preview failed: {exc!r}", file=sys.stderr)
            app.exit(1)
            return
        print(f"smoke: certificate preview {size[0]}×{size[1]} px", flush=True)
        print(f"smoke: ok, {len(PAGES)} pages shown on {window.ctx.event_title}", flush=True)
        app.exit(0)

    def fail() -> None:
        print("smoke: timed out", file=sys.stderr)
        app.exit(1)

    def opened() -> None:
        if window.ctx.is_open:
            QTimer.singleShot(0, visit_pages)

    window.ctx.database_changed.connect(opened)
    window.open_failed.connect(lambda message: (
        print(f"smoke: cannot open the database: {message}", file=sys.stderr), app.exit(1)))
    QTimer.singleShot(TIMEOUT_MS, fail)
