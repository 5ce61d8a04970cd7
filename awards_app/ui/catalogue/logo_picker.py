"""A sponsor's logo: a scaled preview, and a picker that chooses, checks and removes it.

The picker holds the image bytes exactly as read from the file, so what is stored is what
the sponsor sent. The service checks them again (``services.sponsors.logo_mime``); the
picker checks first so a wrong file is explained before anything is saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from awards_app.services.catalogue.sponsors import MAX_LOGO_BYTES, logo_mime
from awards_app.ui import settings

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"


class LogoPreview(QLabel):
    """Shows an image scaled to fit, keeping its aspect ratio, or a line of text without one."""

    def __init__(self, empty_text: str = "No logo", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self._pixmap: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Preferred height: the preview keeps its text-sized hint beside expanding fields.
        # No word wrap: a wrapping label sizes itself by its text, squashing the image.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Logo preview")
        self.setMargin(4)
        self.set_image(None)

    def sizeHint(self) -> QSize:  # in text units, so it grows with the system's scaling
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 26, metrics.height() * 6)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 14, metrics.height() * 4)

    def set_image(self, data: bytes | None) -> bool:
        """Show ``data``; returns False (and shows the empty text) if it is not an image."""
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self._pixmap = pixmap
            self.setAccessibleDescription(f"Logo image, {pixmap.width()} × {pixmap.height()} "
                                          "pixels")
            self._rescale()
            return True
        self._pixmap = None
        self.clear()
        self.setText(self.empty_text)
        self.setAccessibleDescription(self.empty_text)
        return not data

    @property
    def has_image(self) -> bool:
        return self._pixmap is not None

    def shown_size(self) -> QSize:
        """The size the image is drawn at (empty without an image)."""
        shown = self.pixmap()
        return QSize() if self._pixmap is None or shown.isNull() else shown.size()

    def _rescale(self) -> None:
        if self._pixmap is None:
            return
        room = self.contentsRect().size() - QSize(2 * self.margin(), 2 * self.margin())
        if room.width() < 8 or room.height() < 8:
            room = self.minimumSizeHint()
        size = self._pixmap.size()
        if size.width() > room.width() or size.height() > room.height():
            size = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        ratio = self.devicePixelRatioF()
        scaled = self._pixmap.scaled(size * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.setPixmap(scaled)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()


class LogoPicker(QWidget):
    """Choose a PNG or JPEG logo, see it, or remove it. ``changed`` fires on every change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Logo")
        self._data: bytes | None = None
        self.preview = LogoPreview("No logo yet")
        self.choose_button = QPushButton("Choose &image…")
        self.choose_button.setAccessibleName("Choose logo image")
        self.choose_button.setAccessibleDescription("Pick a PNG or JPEG file for the logo")
        self.remove_button = QPushButton("&Remove logo")
        self.remove_button.setAccessibleName("Remove logo")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names the file chosen
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Logo message")
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        self.choose_button.clicked.connect(self.on_choose_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    # --- the value -----------------------------------------------------------------------

    def logo_bytes(self) -> bytes | None:
        return self._data

    def set_logo(self, data: bytes | None) -> None:
        """Show a logo already stored (or none); clears any earlier message."""
        self._data = data or None
        if not self.preview.set_image(self._data) and self._data is not None:
            self._show_message("The stored logo cannot be shown; choose the image again.")
        else:
            self._show_message("")
        self._update_buttons()
        self.changed.emit()

    # --- choosing a file -----------------------------------------------------------------

    def on_choose_button_clicked(self) -> None:
        folder = str(settings.get("files/last_folder") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a logo", folder, IMAGE_FILTER)
        if path:
            settings.put("files/last_folder", str(Path(path).parent))
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Take the image in ``path``; explain in the picker why not if it cannot be used."""
        try:
            size = path.stat().st_size
            if size > MAX_LOGO_BYTES:
                self._show_message(f"“{path.name}” is {size // 1024:,} KB; a logo can be at "
                                   "most 5 MB. Ask the sponsor for a smaller image.")
                return False
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._show_message(f"Could not read “{path.name}”: {reason}.")
            return False
        try:
            logo_mime(data)
        except ValueError:
            self._show_message(f"“{path.name}” is not a PNG or JPEG image. Save the logo as "
                               "PNG or JPEG and choose it again.")
            return False
        if not QPixmap().loadFromData(data):
            self._show_message(f"“{path.name}” looks like an image but cannot be opened; it "
                               "may be damaged. Ask the sponsor for another copy.")
            return False
        self.set_logo(data)
        return True

    def on_remove_button_clicked(self) -> None:
        self.set_logo(None)
        self.choose_button.setFocus()

    # --- helpers -------------------------------------------------------------------------

    @property
    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleDescription(text)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._data is not None)
