"""Printing a PDF through the system print dialog, in the background with progress and Cancel.

Each page is rendered by PDFium at the printer's resolution (capped at 300 dpi, plenty for
certificates) and drawn to fit the printable area, keeping its proportions.
"""

from __future__ import annotations

from contextlib import closing

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImageWriter, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from awards_app.core.errors import Cancelled
from awards_app.ui.certificates.pdf_preview import page_count, render_pages

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

MAX_DPI = 300


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system print dialog (tests replace this to print to a PDF file instead)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print certificates")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def new_printer(title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def print_job(printer: QPrinter, pdf: Path) -> Callable[[Progress, IsCancelled], int]:
    """A background job printing every page of ``pdf`` on ``printer``; it returns the pages
    printed. Qt supports painting on a QPrinter outside the UI thread, so rendering a
    thousand pages never freezes the window. Call it on the UI thread."""
    # Qt's image-writer plugins are loaded here, on the UI thread: loaded first by the
    # printing worker (a PDF printer asks for them), they are moved to the UI thread, which
    # could wait forever on a signal being disconnected there meanwhile (seen as a hung test
    # in QPdfEngine::addImage). Every printing route (certificates, packs, the good-news
    # meeting) comes through here.
    QImageWriter.supportedImageFormats()

    def job(progress: Progress, cancelled: IsCancelled) -> int:
        total = page_count(pdf)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not be started. Check that it is switched on "
                          "and connected, then try again.")
        printed = 0
        try:
            dpi = min(MAX_DPI, printer.resolution())
            area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            area.moveTo(0, 0)
            with closing(render_pages(pdf, dpi=dpi)) as pages:  # closed on a cancel too
                for image in pages:
                    if cancelled():
                        printer.abort()
                        raise Cancelled("Printing was cancelled; pages already sent may still "
                                        "come out of the printer.")
                    if printed:
                        printer.newPage()
                    size = QSize(image.width(), image.height()).scaled(
                        area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                    target = QRectF((area.width() - size.width()) / 2,
                                    (area.height() - size.height()) / 2, size.width(), size.height())
                    painter.drawImage(target, image)
                    printed += 1
                    progress(printed, total)
        finally:
            painter.end()
        return printed

    return job
