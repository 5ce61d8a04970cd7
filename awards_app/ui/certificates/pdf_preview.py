"""PDF pages as pictures: the certificate preview and printing.

Pages are rendered with PDFium (pypdfium2), the engine Chrome uses, so what the preview shows
is what the PDF file holds.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # PDFium's bindings ship no type information
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


def _to_qimage(bitmap: object) -> QImage:
    pil = bitmap.to_pil().convert("RGB")  # type: ignore[attr-defined]
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``data`` goes away with this function


#: PDFium is not thread-safe: every call into it (the preview on the UI thread, printing on
#: a worker) holds this lock, so two can never run at once
_PDFIUM = threading.RLock()


def render_pages(source: bytes | Path, *, dpi: float) -> Generator[QImage, None, None]:
    """Each page of a PDF (bytes or a file) as an image at ``dpi``, one at a time. PDFium is
    used under its lock, never while the caller holds a page: close the iterator when done
    with it early, so the document is closed then and not whenever it is collected."""
    with _PDFIUM:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        count = len(document)
    try:
        for index in range(count):
            with _PDFIUM:
                page = document[index]
                try:
                    image = _to_qimage(page.render(scale=dpi / 72))
                finally:
                    page.close()
            yield image
    finally:
        with _PDFIUM:
            document.close()


def first_page(source: bytes | Path, *, dpi: float) -> QImage | None:
    """The first page of a PDF as an image at ``dpi`` (None for a PDF without pages)."""
    with closing(render_pages(source, dpi=dpi)) as pages:  # the document closed here
        return next(pages, None)


def page_count(source: bytes | Path) -> int:
    with _PDFIUM:
        document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        try:
            return len(document)
        finally:
            document.close()


class PagePreview(QWidget):
    """One page drawn as large as fits, centred, with a soft shadow; a message when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Certificate preview")
        self.setBackgroundRole(QPalette.ColorRole.Mid)

    def sizeHint(self) -> QSize:
        chars = self.fontMetrics().averageCharWidth()
        return QSize(chars * 70, chars * 50)

    def minimumSizeHint(self) -> QSize:
        chars = self.fontMetrics().averageCharWidth()
        return QSize(chars * 30, chars * 21)

    @property
    def image(self) -> QImage | None:
        return self._image

    def show_pdf(self, data: bytes) -> None:
        """Show the first page of ``data``, rendered sharp for this widget's size."""
        ratio = self.devicePixelRatioF()
        dpi = max(72.0, min(200.0, self.width() * ratio / 11.7))  # landscape A4 is 11.7 in wide
        self._image = first_page(data, dpi=dpi)
        self._message = ""
        self.setAccessibleDescription("A preview of the certificate")
        self.update()

    def show_message(self, text: str) -> None:
        self._image = None
        self._message = text
        self.setAccessibleDescription(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(108))
        margin = 12
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._message)
            return
        size = QSize(self._image.width(), self._image.height()).scaled(
            area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(area.x() + (area.width() - size.width()) / 2,
                        area.y() + (area.height() - size.height()) / 2,
                        size.width(), size.height())
        painter.fillRect(target.translated(3, 3), QColor(0, 0, 0, 60))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
