"""A horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Every measure comes from the font, so it scales with the user's text size and display
scaling; every colour comes from the palette, so it follows light and dark themes. A screen
reader hears the title as the name and every label with its value as the description.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionFocusRect, QToolTip, QWidget

EMPTY_TEXT = "No nominations yet"


@dataclass(frozen=True)
class _Geometry:
    """Where things go, in pixels derived from the current font."""

    padding: int
    title_height: int
    row_height: int
    bar_height: int
    label_width: int
    value_width: int
    gap: int


class BarChartWidget(QWidget):
    """Labels on the left, one bar per item scaled to the largest value, the value at its end."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "",
                 empty_text: str = EMPTY_TEXT) -> None:
        super().__init__(parent)
        self._title = ""
        self._empty_text = empty_text
        self._items: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Reachable with Tab so keyboard and screen-reader users meet the chart too.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.set_title(title)
        self._update_description()

    # --- data in -------------------------------------------------------------------------

    def set_data(self, items: Sequence[tuple[str, int]]) -> None:
        """Replace the bars: (label, value) pairs drawn in the order given."""
        self._items = [(str(label), max(0, int(value))) for label, value in items]
        self._update_description()
        self.updateGeometry()
        self.update()

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title or "Bar chart")
        self._update_description()
        self.updateGeometry()
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self._update_description()
        self.update()

    # --- data out ------------------------------------------------------------------------

    def title(self) -> str:
        return self._title

    def items(self) -> list[tuple[str, int]]:
        return list(self._items)

    def describe(self) -> str:
        """The chart in words, for screen readers (and tests)."""
        if not self._items:
            return self._empty_text + "."
        values = "; ".join(f"{label}: {value}" for label, value in self._items)
        count = len(self._items)
        return f"{count} bar{'s' if count != 1 else ''}. {values}."

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.describe())

    # --- geometry ------------------------------------------------------------------------

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _geometry(self, width: int | None = None) -> _Geometry:
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("M")
        padding = max(2, em // 2)
        line = fm.height()
        title_height = QFontMetrics(self._title_font()).height() + padding if self._title else 0
        row_height = round(line * 1.7)
        bar_height = max(4, round(line * 1.05))
        widest_value = max((fm.horizontalAdvance(str(v)) for _l, v in self._items), default=0)
        value_width = max(widest_value, fm.horizontalAdvance("000"))
        gap = em
        # A little slack: advances are rounded, and elidedText() needs the unrounded width.
        widest_label = max((fm.horizontalAdvance(label) + padding for label, _v in self._items),
                           default=0)
        inner = (self.width() if width is None else width) - 2 * padding
        # Labels take what they need, up to 45% of the width, so the bars keep room.
        label_width = max(0, min(widest_label, int(inner * 0.45)))
        return _Geometry(padding, title_height, row_height, bar_height, label_width,
                         value_width, gap)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("M")
        g = self._geometry(width=40 * em)
        rows = max(1, len(self._items)) if self._items else 2
        return QSize(40 * em, 2 * g.padding + g.title_height + rows * g.row_height)

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(18 * self.fontMetrics().horizontalAdvance("M"), hint.height())

    def hasHeightForWidth(self) -> bool:
        return False

    def bar_rect(self, index: int) -> QRect:
        """Where bar ``index`` is drawn (zero width for a zero value)."""
        return self._bar_rect(index, self._geometry(), self._biggest())

    def _biggest(self) -> int:
        return max((v for _l, v in self._items), default=0)

    def _bar_rect(self, index: int, g: _Geometry, biggest: int) -> QRect:
        top = g.padding + g.title_height + index * g.row_height
        left = g.padding + g.label_width + (g.gap if g.label_width else 0)
        room = max(0, self.width() - g.padding - g.value_width - g.gap - left)
        value = self._items[index][1]
        length = 0 if biggest == 0 else max(1 if value else 0, round(room * value / biggest))
        return QRect(left, top + (g.row_height - g.bar_height) // 2, length, g.bar_height)

    def shown_label(self, index: int) -> str:
        """Label ``index`` as drawn: elided to the label column when it does not fit."""
        return self.fontMetrics().elidedText(self._items[index][0], Qt.TextElideMode.ElideRight,
                                             self._geometry().label_width)

    def row_at(self, point: QPoint) -> int:
        """The bar under ``point`` (the whole row counts), or -1."""
        g = self._geometry()
        y = point.y() - g.padding - g.title_height
        if y < 0 or not self._items:
            return -1
        index = y // g.row_height
        return index if index < len(self._items) else -1

    # --- painting ------------------------------------------------------------------------

    def bar_color(self) -> QColor:
        """The bar colour: the palette's highlight (active group, so it does not grey out
        when the window loses focus)."""
        group = (QPalette.ColorGroup.Active if self.isEnabled()
                 else QPalette.ColorGroup.Disabled)
        return self.palette().color(group, QPalette.ColorRole.Highlight)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        g = self._geometry()
        fm = self.fontMetrics()
        if self._title:
            painter.setFont(self._title_font())
            painter.setPen(text_color)
            title_rect = QRect(g.padding, g.padding, self.width() - 2 * g.padding,
                               g.title_height - g.padding)
            painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft
                                             | Qt.AlignmentFlag.AlignVCenter),
                             QFontMetrics(painter.font()).elidedText(
                                 self._title, Qt.TextElideMode.ElideRight, title_rect.width()))
            painter.setFont(self.font())
        if not self._items:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            area = QRect(g.padding, g.padding + g.title_height, self.width() - 2 * g.padding,
                         self.height() - 2 * g.padding - g.title_height)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self._empty_text)
        else:
            self._paint_bars(painter, g, fm, text_color)
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = self.rect().adjusted(1, 1, -1, -1)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option,
                                       painter, self)
        painter.end()

    def _paint_bars(self, painter: QPainter, g: _Geometry, fm: QFontMetrics,
                    text_color: QColor) -> None:
        bar_color = self.bar_color()
        middle = int(Qt.AlignmentFlag.AlignVCenter)
        biggest = self._biggest()
        for index, (label, value) in enumerate(self._items):
            bar = self._bar_rect(index, g, biggest)
            row = QRect(g.padding, g.padding + g.title_height + index * g.row_height,
                        g.label_width, g.row_height)
            painter.setPen(text_color)
            painter.drawText(row, int(Qt.AlignmentFlag.AlignLeft) | middle,
                             fm.elidedText(label, Qt.TextElideMode.ElideRight, g.label_width))
            if bar.width() > 0:
                painter.fillRect(bar, bar_color)
            value_rect = QRect(bar.right() + 1 + g.padding, row.top(),
                               g.value_width + g.gap, g.row_height)
            painter.setPen(text_color)
            painter.drawText(value_rect, int(Qt.AlignmentFlag.AlignLeft) | middle, str(value))

    # --- tooltips ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, point: QPoint) -> str:
        """The text the tooltip shows at ``point`` ('' off the bars)."""
        index = self.row_at(point)
        if index < 0:
            return ""
        label, value = self._items[index]
        return f"{label}: {value}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)
