"""BarChartWidget: bars are painted where and how long they should be, in palette colours,
with an empty state, tooltips for elided labels, and a description for screen readers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible, QColor, QFont, QImage, QPalette

from awards_app.ui.overview.bar_chart import EMPTY_TEXT, BarChartWidget

DATA = [("Education Star", 8), ("Sports Hero", 4), ("Life Changer", 2), ("Culture Champion", 0)]


@pytest.fixture
def chart(qtbot) -> BarChartWidget:  # type: ignore[no-untyped-def]
    widget = BarChartWidget(title="Nominations per category")
    qtbot.addWidget(widget)
    widget.resize(600, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _image(widget: BarChartWidget) -> tuple[QImage, float]:
    image = widget.grab().toImage()
    return image, image.devicePixelRatio()


def _pixel(image: QImage, ratio: float, x: int, y: int) -> QColor:
    return image.pixelColor(int(x * ratio), int(y * ratio))


def _bar_pixels(image: QImage, colour: QColor) -> int:
    rgb = colour.rgb()
    return sum(image.pixel(x, y) == rgb
               for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def test_bars_are_painted_in_the_bar_colour_scaled_to_the_largest(chart: BarChartWidget) -> None:
    chart.set_data(DATA)
    chart.resize(600, chart.sizeHint().height())
    image, ratio = _image(chart)
    colour = chart.bar_color()
    longest, half, quarter, zero = (chart.bar_rect(i) for i in range(4))
    assert longest.width() > 200
    assert abs(half.width() - longest.width() / 2) <= 1
    assert abs(quarter.width() - longest.width() / 4) <= 1
    assert zero.width() == 0
    for bar in (longest, half, quarter):
        # inside the bar, near both ends and in the middle, the pixels are the bar colour
        for x in (bar.left() + 1, bar.center().x(), bar.right() - 1):
            assert _pixel(image, ratio, x, bar.center().y()) == colour
        # just past its end (where a longer bar would continue) they are not
        past = bar.right() + 3
        if past < longest.right():
            assert _pixel(image, ratio, past, bar.center().y()) != colour
    # bars sit one under another, in the order given, all starting at the same x
    assert longest.top() < half.top() < quarter.top() < zero.top()
    assert longest.left() == half.left() == quarter.left()
    # the label column and the value column are left clear of bar colour
    assert _pixel(image, ratio, 2, longest.center().y()) != colour
    assert longest.right() < chart.width() - chart.fontMetrics().horizontalAdvance("8")


def test_bars_follow_the_palette_in_dark_mode(chart: BarChartWidget) -> None:
    palette = QPalette(chart.palette())
    dark, light, accent = QColor("#1e1e1e"), QColor("#f0f0f0"), QColor("#e8a33d")
    for role, colour in ((QPalette.ColorRole.Window, dark), (QPalette.ColorRole.WindowText, light),
                         (QPalette.ColorRole.Highlight, accent)):
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, colour)
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.set_data(DATA)
    image, ratio = _image(chart)
    bar = chart.bar_rect(0)
    assert _pixel(image, ratio, bar.center().x(), bar.center().y()) == accent
    assert _pixel(image, ratio, chart.width() - 2, chart.height() - 2) == dark
    # the labels are drawn in the light text colour: some pixels in the label column are light
    label_area = QRect(0, bar.top(), bar.left(), bar.height())
    light_pixels = sum(
        _pixel(image, ratio, x, y).lightness() > 200
        for x in range(label_area.left(), label_area.right())
        for y in range(label_area.top(), label_area.bottom())
    )
    assert light_pixels > 10


def test_empty_state_draws_no_bars_and_says_so(chart: BarChartWidget) -> None:
    chart.set_data(DATA)
    assert _bar_pixels(chart.grab().toImage(), chart.bar_color()) > 100
    chart.set_data([])
    assert _bar_pixels(chart.grab().toImage(), chart.bar_color()) == 0
    assert chart.describe() == f"{EMPTY_TEXT}."
    assert chart.accessibleDescription() == f"{EMPTY_TEXT}."
    assert chart.sizeHint().height() > 0
    chart.set_empty_text("Nobody nominated from a team yet")
    assert chart.accessibleDescription() == "Nobody nominated from a team yet."


def test_all_zero_values_draw_no_bars_but_list_the_values(chart: BarChartWidget) -> None:
    chart.set_data([("A", 0), ("B", 0)])
    assert _bar_pixels(chart.grab().toImage(), chart.bar_color()) == 0
    assert chart.describe() == "2 bars. A: 0; B: 0."


def test_negative_values_are_drawn_as_zero(chart: BarChartWidget) -> None:
    chart.set_data([("A", -3), ("B", 2)])
    assert chart.items() == [("A", 0), ("B", 2)]
    assert chart.bar_rect(0).width() == 0


def test_accessible_name_and_description_list_every_value(chart: BarChartWidget) -> None:
    chart.set_data(DATA)
    assert chart.accessibleName() == "Nominations per category"
    description = chart.accessibleDescription()
    assert description == ("4 bars. Education Star: 8; Sports Hero: 4; Life Changer: 2; "
                           "Culture Champion: 0.")
    interface = QAccessible.queryAccessibleInterface(chart)
    assert interface.text(QAccessible.Text.Name) == "Nominations per category"
    assert interface.text(QAccessible.Text.Description) == description
    chart.set_title("Nominations per team")
    assert chart.accessibleName() == "Nominations per team"
    chart.set_data([("North", 1)])
    assert chart.accessibleDescription() == "1 bar. North: 1."


def test_size_hint_grows_with_the_number_of_bars(chart: BarChartWidget) -> None:
    chart.set_data(DATA[:2])
    two = chart.sizeHint().height()
    chart.set_data(DATA)
    four = chart.sizeHint().height()
    chart.set_data(DATA * 5)
    twenty = chart.sizeHint().height()
    row = (four - two) // 2
    assert row >= chart.fontMetrics().height()
    assert twenty - four == 16 * row


def test_measures_come_from_the_font(chart: BarChartWidget) -> None:
    chart.set_data(DATA)
    normal_hint, normal_bar = chart.sizeHint(), chart.bar_rect(0).height()
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    chart.setFont(font)
    assert chart.sizeHint().height() >= normal_hint.height() * 1.3
    assert chart.sizeHint().width() > normal_hint.width()
    assert chart.bar_rect(0).height() > normal_bar


def test_long_labels_are_elided_with_the_full_text_in_a_tooltip(chart: BarChartWidget) -> None:
    long_label = "Outstanding Achievement in Independent Living and the Wider Community " * 2
    chart.set_data([(long_label, 3), ("Short", 1)])
    chart.resize(500, chart.sizeHint().height())
    # the label column never takes more than about half the width: the bars keep room
    assert chart.bar_rect(0).left() < chart.width() * 0.6
    assert chart.bar_rect(0).width() > chart.width() * 0.2
    assert chart.shown_label(0).endswith("…")
    assert long_label.startswith(chart.shown_label(0)[:-1])
    assert chart.shown_label(1) == "Short"
    row = chart.bar_rect(0)
    assert chart.tooltip_at(QPoint(5, row.center().y())) == f"{long_label}: 3"
    assert chart.tooltip_at(QPoint(5, chart.bar_rect(1).center().y())) == "Short: 1"
    assert chart.tooltip_at(QPoint(5, 1)) == ""  # the title, not a bar
    assert chart.tooltip_at(QPoint(5, chart.height() + 50)) == ""


def test_short_labels_are_not_elided(chart: BarChartWidget) -> None:
    chart.set_data([("Care Leaver of the Year", 6), ("North Leaving Care Team", 5)])
    assert [chart.shown_label(i) for i in range(2)] == [label for label, _v in chart.items()]
