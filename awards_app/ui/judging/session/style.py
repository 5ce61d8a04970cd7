"""Sizes, colours and small drawn icons for the judging session.

Judging day happens on a shared laptop, often read from a little further away than an office
desk: text is scaled from the platform's own font (never fixed pixels), so it also grows with
Windows' 125–150 % display scaling.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: the sign-in screen and the narratives
LARGE = 1.5
#: everything else on the scoring screen
BODY = 1.25
#: headings
HEADING = 1.8

GOOD = "#2e7d32"
PROBLEM = "#b3261e"
LOCKED = "#5f6368"


def scaled_font(factor: float, *, bold: bool = False, base: QFont | None = None) -> QFont:
    """The normal application font (or ``base``) times ``factor``."""
    font = QFont(base if base is not None else QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:  # a font given in pixels
        font.setPixelSize(round(font.pixelSize() * factor))
    if bold:
        font.setBold(True)
    return font


def set_scale(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    widget.setFont(scaled_font(factor, bold=bold))


def heading(text: str = "", factor: float = HEADING) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # headings name events, nominations, people
    label.setFont(scaled_font(factor, bold=True))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def emphasise(label: QLabel, colour: str | None = None, *, bold: bool = False,
              italic: bool = False) -> None:
    """Colour and weight without a style sheet (style sheets on labels can lose the inherited
    font size): a font and a palette that set only these, the rest still inherited."""
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    label.setFont(font)
    palette = QPalette()
    if colour is not None:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


def show_message(label: QLabel, text: str, *, problem: bool = False) -> None:
    """A message in the window itself (no message boxes on judging day), as written."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    emphasise(label, PROBLEM if problem else GOOD, bold=True)
    label.setVisible(bool(text))
    label.setAccessibleDescription(text)


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    screen = QApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def tick_icon(size: int) -> QIcon:
    """A green tick, drawn (emoji and symbol fonts differ between machines)."""
    pixmap, painter = _canvas(size)
    pen = QPen(QColor(GOOD), max(2.0, size / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath(QPointF(size * 0.18, size * 0.55))
    path.lineTo(size * 0.42, size * 0.78)
    path.lineTo(size * 0.84, size * 0.24)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


def lock_icon(size: int) -> QIcon:
    """A grey padlock: the category is submitted and its scores are locked."""
    pixmap, painter = _canvas(size)
    colour = QColor(LOCKED)
    pen = QPen(colour, max(1.5, size / 9))
    painter.setPen(pen)
    painter.drawArc(QRectF(size * 0.28, size * 0.1, size * 0.44, size * 0.5), 0, 180 * 16)
    painter.drawLine(QPointF(size * 0.28, size * 0.35), QPointF(size * 0.28, size * 0.46))
    painter.drawLine(QPointF(size * 0.72, size * 0.35), QPointF(size * 0.72, size * 0.46))
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(size * 0.18, size * 0.45, size * 0.64, size * 0.45), 2, 2)
    painter.end()
    return QIcon(pixmap)
