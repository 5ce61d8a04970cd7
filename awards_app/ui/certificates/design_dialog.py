"""The look of an event's certificates — page, border, colour, images, signatures, QR text —
with a live preview of each design as it changes. A save from a stale copy (someone changed
the design meanwhile) is refused and offers Reload (``SavingDialog``)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.editing import Loaded
from awards_app.core.errors import ValidationError
from awards_app.pdf.certificate import write_certificates
from awards_app.services import certificates
from awards_app.services.certificates.settings import (
    CertificateSettings,
    clean_settings,
    image_problem,
)
from awards_app.ui import settings as ui_settings
from awards_app.ui.certificates.pdf_preview import PagePreview
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.errors import describe, show_error
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DESIGNS = (("winner", "Winner"), ("placed", "Runner-up / Highly commended"),
           ("achievement", "Certificate of achievement"))
BORDERS = (("classic", "Classic double rule"), ("ribbon", "Ribbon corners"),
           ("minimal", "Minimal"))
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


def preview_pdf(spec: Any, artwork: Any) -> bytes:
    """One certificate as PDF bytes (the preview's source)."""
    buffer = io.BytesIO()
    write_certificates(buffer, [spec], artwork)
    return buffer.getvalue()


class ImagePicker(QWidget):
    """Choose or clear one image; shows its size, never the bytes."""

    def __init__(self, accessible_name: str, on_change: Callable[[], object]) -> None:
        super().__init__()
        self.data: bytes | None = None
        self._on_change = on_change
        self.label = QLabel("None")
        self.label.setAccessibleName(f"{accessible_name} status")
        self.choose = QPushButton("Choose…")
        self.choose.setAccessibleName(f"Choose {accessible_name.lower()}")
        self.clear = QPushButton("Remove")
        self.clear.setAccessibleName(f"Remove {accessible_name.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.choose)
        layout.addWidget(self.clear)
        self.choose.clicked.connect(self.pick)
        self.clear.clicked.connect(lambda: self.set_data(None, notify=True))

    def set_data(self, data: bytes | None, *, notify: bool = False) -> None:
        self.data = data
        self.label.setText("None" if data is None else f"Image, {len(data) / 1024:,.0f} KB")
        self.clear.setEnabled(data is not None)
        if notify:
            self._on_change()

    def pick(self) -> None:
        folder = str(ui_settings.get("files/last_folder") or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose an image", folder, IMAGE_FILTER)
        if not name:
            return
        path = Path(name)
        ui_settings.put("files/last_folder", str(path.parent))
        try:
            data = path.read_bytes()
        except OSError as exc:
            show_error(self, exc, title="Could not read the image")
            return
        problem = image_problem(data)
        if problem:
            show_error(self, ValidationError.single("image", f"{path.name}: {problem}"))
            return
        self.set_data(data, notify=True)


class DesignDialog(SavingDialog):
    """Edit the event's certificate settings; the preview follows every change."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.event_id = ctx.require_event()
        self.setWindowTitle("Certificate design")
        self.loaded = ctx.read(self.load_current)
        self.saved = CertificateSettings(**self.loaded.values)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.update_preview)

        self.design = QComboBox()
        for value, label in DESIGNS:
            self.design.addItem(label, value)
        self.page_size = QComboBox()
        self.page_size.addItem("A4 landscape", "A4")
        self.page_size.addItem("US Letter landscape", "Letter")
        self.border = QComboBox()
        for value, label in BORDERS:
            self.border.addItem(label, value)
        self.colour = QLineEdit()
        self.colour.setAccessibleName("Accent colour")
        self.colour.setMaxLength(7)
        self.colour_button = QPushButton("Pick…")
        self.colour_button.setAccessibleName("Pick the accent colour")
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour, 1)
        colour_row.addWidget(self.colour_button)
        self.background = ImagePicker("Background image", self.schedule)
        self.logo = ImagePicker("Council logo", self.schedule)
        self.template = QLineEdit()
        self.template.setAccessibleName("QR code text")
        self.template.setPlaceholderText("{code} — or a web address such as "
                                         "https://example.org/verify/{code}")
        look = QGroupBox("Look")
        look_form = QFormLayout(look)
        look_form.addRow("&Paper:", self.page_size)
        look_form.addRow("&Border:", self.border)
        colour_label = QLabel("Accent &colour:")
        colour_label.setBuddy(self.colour)
        look_form.addRow(colour_label, colour_row)
        look_form.addRow("Back&ground image:", self.background)
        self.background.setToolTip("Printed under everything at full strength: choose a pale, "
                                   "quiet image so names and the QR code stay easy to read.")
        look_form.addRow("", hint("Choose a pale background: it is printed at full strength."))
        look_form.addRow("Council &logo:", self.logo)
        look_form.addRow("&QR code holds:", self.template)

        self.signatures: list[tuple[QLineEdit, QLineEdit, ImagePicker]] = []
        signature_box = QGroupBox("Signatures (shown when a name is filled in)")
        signature_form = QFormLayout(signature_box)
        for n in (1, 2):
            name, role = QLineEdit(), QLineEdit()
            name.setAccessibleName(f"Signature {n} name")
            role.setAccessibleName(f"Signature {n} role")
            image = ImagePicker(f"Signature {n} image", self.schedule)
            signature_form.addRow(f"Name &{n}:", name)
            signature_form.addRow(f"Role {n}:", role)
            signature_form.addRow(f"Signature {n}:", image)
            self.signatures.append((name, role, image))

        form_widget = QWidget()
        form_layout = QVBoxLayout(form_widget)
        form_layout.addWidget(look)
        form_layout.addWidget(signature_box)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(form_widget.sizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)

        self.preview = PagePreview()
        self.preview_note = hint("")
        preview_side = QWidget()
        preview_layout = QVBoxLayout(preview_side)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        design_row = QFormLayout()
        design_row.addRow("&Preview:", self.design)
        preview_layout.addLayout(design_row)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.preview_note)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        chars = self.fontMetrics().averageCharWidth()
        splitter.setSizes([scroll.minimumWidth(), chars * 80])
        self.resize(scroll.minimumWidth() + chars * 84, self.fontMetrics().height() * 36)

        self.load(self.saved)
        for combo in (self.design, self.page_size, self.border):
            combo.currentIndexChanged.connect(lambda _i: self.schedule())
        for edit in (self.colour, self.template, *(w for s in self.signatures for w in s[:2])):
            edit.textChanged.connect(lambda _t: self.schedule())
        self.colour_button.clicked.connect(self.pick_colour)
        self.fields = {
            "page_size": self.page_size, "border_style": self.border,
            "accent_colour": self.colour, "verify_template": self.template,
            "background_image": self.background, "council_logo": self.logo,
            "signature1_name": self.signatures[0][0], "signature1_role": self.signatures[0][1],
            "signature1_image": self.signatures[0][2], "signature2_name": self.signatures[1][0],
            "signature2_role": self.signatures[1][1], "signature2_image": self.signatures[1][2],
        }

    # --- form <-> settings -------------------------------------------------------------------

    def load(self, values: CertificateSettings) -> None:
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(values.page_size)))
        self.border.setCurrentIndex(max(0, self.border.findData(values.border_style)))
        self.colour.setText(values.accent_colour)
        self.background.set_data(values.background_image)
        self.logo.set_data(values.council_logo)
        self.template.setText(values.verify_template)
        for n, (name, role, image) in enumerate(self.signatures, start=1):
            name.setText(getattr(values, f"signature{n}_name"))
            role.setText(getattr(values, f"signature{n}_role"))
            image.set_data(getattr(values, f"signature{n}_image"))
        self.schedule()

    def values(self) -> CertificateSettings:
        (n1, r1, i1), (n2, r2, i2) = self.signatures
        return replace(
            self.saved, page_size=self.page_size.currentData(),
            border_style=self.border.currentData(), accent_colour=self.colour.text().strip(),
            background_image=self.background.data, council_logo=self.logo.data,
            verify_template=self.template.text(), signature1_name=n1.text(),
            signature1_role=r1.text(), signature1_image=i1.data, signature2_name=n2.text(),
            signature2_role=r2.text(), signature2_image=i2.data)

    def pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour.text().strip() or "#1F5C99"), self,
                                       "Accent colour")
        if colour.isValid():
            self.colour.setText(colour.name().upper())

    # --- preview -----------------------------------------------------------------------------

    def schedule(self) -> None:
        self._timer.start()

    def update_preview(self) -> None:
        try:
            values = clean_settings(self.values())
        except ValidationError as exc:
            self.preview_note.setText("Preview waits for: " + "; ".join(
                f"{e.field.replace('_', ' ')} — {e.message}" for e in exc.errors))
            return
        design = self.design.currentData()
        try:
            spec, artwork = self.ctx.read(lambda s: certificates.sample_preview(
                s, self.event_id, design=design, settings=values))
            self.preview.show_pdf(preview_pdf(spec, artwork))
        except Exception as exc:  # the preview must never take the dialog down
            self.preview.show_message(f"The preview could not be drawn. {describe(exc)}")
            return
        self.preview_note.setText("A made-up recipient shows the layout; real certificates "
                                  "use each nominee's own details.")

    # --- saving ------------------------------------------------------------------------------

    def form_values(self) -> dict[str, Any]:
        return asdict(self.values())

    def fill(self, values: Mapping[str, Any]) -> None:
        self.load(CertificateSettings(**values))

    def load_current(self, session: Session) -> Loaded:
        form = certificates.settings_form(session, self.event_id)
        return Loaded(form.version, form.original)

    def accept(self) -> None:
        values, event_id, loaded = self.values(), self.event_id, self.loaded
        assert loaded is not None
        if self.save(lambda s: certificates.save_settings(
                s, event_id, values, expected_version=loaded.version,
                original=loaded.original), saved="Saved the certificate design."):
            super().accept()
