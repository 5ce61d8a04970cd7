"""The Nominees and Workers pages and their dialogs, driven through the real widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import select

from awards_app.core.enums import Answer, NominationStatus
from awards_app.db.models import Nomination, Nominee, Worker
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.dates import NO_DATE
from awards_app.ui.people.dialogs import NomineeDialog, WorkerDialog
from awards_app.ui.people.nominees_page import NomineesPage
from awards_app.ui.people.workers_page import WorkersPage


def make_page(qtbot, cls, ctx: AppContext):  # type: ignore[no-untyped-def]
    page = cls(ctx, None)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def invalid(widget) -> bool:  # type: ignore[no-untyped-def]
    return bool(widget.property("invalid")) and "solid" in widget.styleSheet()


def fields(nominee: Nominee) -> dict[str, object]:
    from awards_app.services.people import NOMINEE_FIELDS

    return {f: getattr(nominee, f) for f in NOMINEE_FIELDS}


def next_tab_stop(widget):  # type: ignore[no-untyped-def]
    """Where Tab goes from ``widget`` (skipping parts that take no keyboard focus)."""
    following = widget.nextInFocusChain()
    while not (following.focusPolicy() & Qt.FocusPolicy.TabFocus) or not following.isVisible():
        following = following.nextInFocusChain()
    return following


def names(page: NomineesPage) -> list[str]:
    return [f"{r.first_name} {r.last_name}" for r in page.model.visible_rows]


# --- nominees ------------------------------------------------------------------------------


def test_nominees_list_counts_consent_and_nominations_below(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, demo_ctx)
    stored = demo_ctx.read(lambda s: s.scalar(select(Nominee).where(Nominee.do_not_publish)
                                              .order_by(Nominee.id)).id)
    assert page.model.rowCount() == page.model.total_count > 20
    assert page.count_label.text() == f"{page.model.total_count} young people"
    assert page.splitter.objectName() == "NomineesSplitter"
    assert not page.edit_button.isEnabled() and not page.withdraw_button.isEnabled()
    assert page.details_model.rowCount() == 0

    page.select_id(stored)
    row = page.selected_row()
    assert row is not None and row.id == stored
    position = page.model.index_of(lambda r: r.id == stored)
    cell = page.model.data(page.model.index(position, 7))
    assert cell == "Yes"  # the "Do not publish" column
    dob = page.model.data(page.model.index(position, 3))
    assert dob == row.date_of_birth.strftime("%d/%m/%Y")
    consent = page.model.data(page.model.index(position, 6))
    assert consent == " / ".join(a.label for a in (
        row.consent_certificate_name, row.consent_public, row.consent_photo))
    expected = demo_ctx.read(lambda s: sorted(
        n.category.name for n in s.scalars(select(Nomination).where(Nomination.nominee_id
                                                                     == stored))))
    assert sorted(r.category for r in page.details_model.visible_rows) == expected
    assert page.edit_button.isEnabled() and page.withdraw_button.isEnabled()
    assert "Nominations of" in page.details_label.text()


def test_nominee_search_filters_instantly(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, demo_ctx)
    total = page.model.total_count
    first = page.model.visible_rows[0]
    qtbot.keyClicks(page.search, first.last_name[:5].lower())
    shown = names(page)
    assert f"{first.first_name} {first.last_name}" in shown
    assert 0 < len(shown) < total
    assert page.count_label.text() == f"Showing {len(shown)} of {total}"
    page.search.setText(first.date_of_birth.strftime("%d/%m/%Y"))
    assert all(r.date_of_birth == first.date_of_birth for r in page.model.visible_rows)
    page.search.setText("no such person anywhere")
    assert page.model.rowCount() == 0
    page.search.clear()
    assert page.model.rowCount() == total
    # Tab reads the page in order: search, filter, buttons, then the tables.
    assert next_tab_stop(page.search) is page.this_event_only
    assert next_tab_stop(page.withdraw_button) is page.view


def test_only_this_events_nominees(qtbot, event_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services import people

    event_ctx.write(lambda s: people.create_nominee(
        s, first_name="Nia", last_name="Jones", date_of_birth="2006-01-02"))
    page = make_page(qtbot, NomineesPage, event_ctx)
    assert names(page) == ["Nia Jones"]
    page.this_event_only.setChecked(True)
    assert names(page) == []
    assert page.count_label.text() == "Showing 0 of 1"


def test_add_nominee_refused_then_saved(qtbot, event_ctx: AppContext, messages) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, event_ctx)
    dialog: NomineeDialog = page.nominee_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.last_name, "Okafor")
    dialog.date_of_birth.setDate(QDate(2006, 5, 17))
    dialog.consents["consent_photo"].setCurrentIndex(
        dialog.consents["consent_photo"].findData(Answer.NO.value))
    dialog.accept()

    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert invalid(dialog.first_name)
    assert not invalid(dialog.last_name) and not invalid(dialog.date_of_birth)
    assert "is empty" in dialog.first_name.toolTip()
    assert messages and messages[-1][0] == "warning" and "First name" in messages[-1][2]
    assert event_ctx.read(lambda s: s.scalars(select(Nominee)).all()) == []
    assert dialog.last_name.text() == "Okafor"  # nothing typed is lost

    qtbot.keyClicks(dialog.first_name, "Chidi")
    dialog.out_of_area.setChecked(True)
    dialog.do_not_publish.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not invalid(dialog.first_name)
    saved = event_ctx.read(lambda s: fields(s.scalars(select(Nominee)).one()))
    assert saved == {
        "first_name": "Chidi", "last_name": "Okafor", "preferred_name": "Chidi",
        "date_of_birth": date(2006, 5, 17), "out_of_area": True, "do_not_publish": True,
        "consent_certificate_name": Answer.NOT_ASKED, "consent_public": Answer.NOT_ASKED,
        "consent_photo": Answer.NO, "pronunciation": "",
    }
    assert names(page) == ["Chidi Okafor"]
    assert page.selected_id() == dialog.saved_id  # the new person is selected
    assert page.selected_row().first_name == "Chidi"


def test_nominee_without_date_of_birth_is_refused(qtbot, event_ctx: AppContext, messages) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, event_ctx)
    dialog = page.nominee_dialog()
    qtbot.addWidget(dialog)
    assert dialog.date_of_birth.date() == NO_DATE
    assert dialog.date_of_birth.text() == "Not set"
    qtbot.keyClicks(dialog.first_name, "Amy")
    qtbot.keyClicks(dialog.last_name, "Lee")
    dialog.accept()
    assert invalid(dialog.date_of_birth) and not invalid(dialog.first_name)
    assert event_ctx.read(lambda s: s.scalars(select(Nominee)).all()) == []


def test_a_date_of_birth_is_typed_into_a_new_young_person(qtbot, event_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """The young person dialog and the nomination editor: digits typed into "Not set" make
    the date (they were appended to the words and lost), ↑ starts 19 years back (not 1900),
    the calendar opens there, and Ctrl+A, Delete makes it "Not set" again."""
    from awards_app.ui.nominations.editor import NominationEditor

    page = make_page(qtbot, NomineesPage, event_ctx)
    dialog = page.nominee_dialog()
    editor = NominationEditor(event_ctx, None)
    qtbot.addWidget(dialog)
    qtbot.addWidget(editor)
    start_year = date.today().year - 19
    for box in (dialog.date_of_birth, editor.date_of_birth):
        assert box.text() == "Not set"
        assert box.calendarWidget().yearShown() == start_year
        qtbot.keyClicks(box, "04052008")
        assert box.date() == QDate(2008, 5, 4), box.text()
        qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(box, Qt.Key.Key_Delete)
        assert box.text() == "Not set"
        qtbot.keyClick(box, Qt.Key.Key_Up)
        assert box.date() == QDate(start_year, 1, 1)
    assert dialog.values()["date_of_birth"] == date(start_year, 1, 1)
    assert editor.nominee_values()["date_of_birth"] == date(start_year, 1, 1)


def test_edit_nominee_refused_then_saved(qtbot, demo_ctx: AppContext, messages) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, demo_ctx)
    page.view.selectRow(0)
    row = page.selected_row()
    other = page.model.visible_rows[1]
    dialog = page.nominee_dialog(row)
    qtbot.addWidget(dialog)
    assert dialog.first_name.text() == row.first_name
    assert dialog.date_of_birth.date().toPython() == row.date_of_birth
    assert dialog.consents["consent_public"].currentData() == row.consent_public.value
    dialog.first_name.clear()
    dialog.accept()
    assert invalid(dialog.first_name) and dialog.result() != QDialog.DialogCode.Accepted
    # Becoming someone already recorded is refused on the first name too.
    dialog.first_name.setText(other.first_name)
    dialog.last_name.setText(other.last_name)
    dialog.date_of_birth.setDate(QDate(other.date_of_birth))
    dialog.accept()
    assert invalid(dialog.first_name) and "already recorded" in dialog.first_name.toolTip()

    dialog.first_name.setText(row.first_name)
    dialog.last_name.setText(row.last_name)
    dialog.date_of_birth.setDate(QDate(row.date_of_birth))
    dialog.preferred_name.setText("Starry")
    dialog.consents["consent_public"].setCurrentIndex(
        dialog.consents["consent_public"].findData(Answer.NO.value))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = demo_ctx.read(lambda s: fields(s.get(Nominee, row.id)))
    assert (saved["preferred_name"], saved["consent_public"]) == ("Starry", Answer.NO)
    assert page.selected_row().preferred_name == "Starry"
    assert page.model.data(page.model.index(page.model.index_of(lambda r: r.id == row.id),
                                            0)) == "Starry"


def test_withdraw_all_nominations_of_a_young_person(qtbot, demo_ctx: AppContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, demo_ctx)
    target = max(page.model.visible_rows, key=lambda r: r.nominations)
    page.select_id(target.id)
    assert page.withdraw_button.isEnabled()
    asked: list[ReasonDialog] = []

    def answer(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ReasonDialog)
        asked.append(dialog)
        dialog.reason.setPlainText("Asked to be left out this year")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", answer)
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    name = isolate(f"{target.preferred_name} {target.last_name}")
    assert asked and name in asked[0].windowTitle()
    assert any(name in label.text() for label in asked[0].findChildren(QLabel))
    statuses = demo_ctx.read(lambda s: [(n.status, n.withdrawn_reason) for n in s.scalars(
        select(Nomination).where(Nomination.nominee_id == target.id))])
    assert statuses and all(st is NominationStatus.WITHDRAWN for st, _r in statuses)
    assert {r for _s, r in statuses} == {"Asked to be left out this year"}
    assert page.selected_id() == target.id
    assert {r.status for r in page.details_model.visible_rows} == {NominationStatus.WITHDRAWN}
    assert page.selected_row().nominations == 0
    assert not page.withdraw_button.isEnabled()


def test_withdraw_all_cancelled_or_without_reason_changes_nothing(qtbot, demo_ctx: AppContext, monkeypatch, messages) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, NomineesPage, demo_ctx)
    page.view.selectRow(0)
    target = page.selected_row()

    def live() -> int:
        return demo_ctx.read(lambda s: len([n for n in s.scalars(select(Nomination).where(
            Nomination.nominee_id == target.id)) if n.status is not NominationStatus.WITHDRAWN]))

    before = live()

    def cancel(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.reason.setPlainText("anything")
        dialog.reject()
        return False

    monkeypatch.setattr(page, "run_dialog", cancel)
    page.withdraw_selected()
    assert live() == before and not messages
    kept: list[ReasonDialog] = []

    def refuse(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.show()
        for refused in ("", "   "):  # empty, then only spaces: kept open, typing kept
            dialog.reason.setPlainText(refused)
            dialog.accept()
            assert dialog.isVisible() and dialog.outcome is None
            assert dialog.reason.toPlainText() == refused and invalid(dialog.reason)
            assert messages[-1][0] == "warning" and "say why" in messages[-1][2]
        kept.append(dialog)
        dialog.reject()
        return False

    monkeypatch.setattr(page, "run_dialog", refuse)
    page.withdraw_selected()
    assert kept and live() == before


# --- workers -------------------------------------------------------------------------------


def test_add_worker_with_bad_email_refused_then_saved(qtbot, event_ctx: AppContext, messages) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, WorkersPage, event_ctx)
    assert page.count_label.text() == "0 workers"
    dialog: WorkerDialog = page.worker_dialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Grace Mensah")
    qtbot.keyClicks(dialog.email, "grace.mensah@council")
    qtbot.keyClicks(dialog.team, "North Leaving Care Team")
    dialog.accept()
    assert invalid(dialog.email) and not invalid(dialog.name) and not invalid(dialog.team)
    assert "not a valid email" in dialog.email.toolTip()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert messages[-1][0] == "warning"
    assert event_ctx.read(lambda s: s.scalars(select(Worker)).all()) == []

    qtbot.keyClicks(dialog.email, ".example")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = event_ctx.read(lambda s: [(w.id, w.name, w.email, w.team)
                                      for w in s.scalars(select(Worker))])
    assert saved == [(dialog.saved_id, "Grace Mensah", "grace.mensah@council.example",
                      "North Leaving Care Team")]
    assert page.count_label.text() == "1 worker"
    assert page.selected_id() == dialog.saved_id

    # A second worker with the same email is refused on the email field.
    second = page.worker_dialog()
    qtbot.addWidget(second)
    second.name.setText("Someone Else")
    second.email.setText("GRACE.MENSAH@council.example")
    second.accept()
    assert invalid(second.email) and "already belongs to Grace Mensah" in second.email.toolTip()


def test_edit_withdraw_and_reinstate_worker(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, WorkersPage, demo_ctx)
    total = page.model.total_count
    page.view.selectRow(2)
    row = page.selected_row()
    assert page.withdraw_button.text() == "&Withdraw (has left)"
    dialog = page.worker_dialog(row)
    qtbot.addWidget(dialog)
    assert dialog.email.text() == row.email
    dialog.team.setText("Staying Close Team")
    dialog.accept()
    assert demo_ctx.read(lambda s: s.get(Worker, row.id).team) == "Staying Close Team"
    assert page.selected_row().team == "Staying Close Team"

    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.read(lambda s: s.get(Worker, row.id).active) is False
    assert page.selected_row().active is False
    assert page.model.data(page.model.index(page.model.index_of(
        lambda r: r.id == row.id), 3)) == "No (left)"
    assert page.withdraw_button.text() == "&Reinstate"
    page.hide_left.setChecked(True)
    assert page.model.rowCount() == total - 1 and page.selected_row() is None
    page.hide_left.setChecked(False)
    page.select_id(row.id)
    page.toggle_selected()
    assert demo_ctx.read(lambda s: s.get(Worker, row.id).active) is True
    assert page.withdraw_button.text() == "&Withdraw (has left)"


def test_worker_search_and_counts(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, WorkersPage, demo_ctx)
    rows = list(page.model.visible_rows)
    assert sum(r.nominations for r in rows) == demo_ctx.read(
        lambda s: len(s.scalars(select(Nomination).where(
            Nomination.status != NominationStatus.WITHDRAWN)).all()))
    team = rows[0].team
    qtbot.keyClicks(page.search, team.lower())
    assert page.model.visible_rows and all(r.team == team for r in page.model.visible_rows)
    assert page.count_label.text().startswith("Showing ")
    page.search.setText("northbridge.gov.uk")
    assert page.model.rowCount() == len(rows)
    page.focus_search()
    assert page.search.selectedText() == "northbridge.gov.uk"  # Ctrl+F selects the search
