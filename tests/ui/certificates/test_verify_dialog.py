"""The Verify dialog: the answer always belongs to the text in the box, a mistyped check
character says so, Enter verifies and keeps the dialog open for the next scan, and a long
answer wraps in full (issue 12, item 6)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from awards_app.db.engine import Database
from awards_app.services import certificates
from awards_app.services.certificates.data import IssuedCertificate
from awards_app.ui.certificates.dialogs import VERIFY_HELP, VerifyDialog
from awards_app.ui.common.context import AppContext
from tests.services.certificates.test_records import Awarded, award_education_star

MARKER = "Zqmarker placed in secure unit after police arrest"


@pytest.fixture
def awarded(db: Database, event_id: int) -> Awarded:
    return award_education_star(db, event_id)


@pytest.fixture
def issued(db: Database, awarded: Awarded) -> dict[str, IssuedCertificate]:
    with db.session() as s:
        made = certificates.issue(s, awarded.event_id, [awarded.ids[n] for n in ("Amira", "Cal")])
    return {"Amira": made[0], "Cal": made[1]}


@pytest.fixture
def dialog(qtbot: Any, db: Database, awarded: Awarded) -> VerifyDialog:
    ctx = AppContext()
    ctx.set_database(db)
    shown = VerifyDialog(ctx, None)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def wrong_check(code: str) -> str:
    """``code`` (shown form) with another check character."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def test_enter_verifies_and_keeps_the_dialog_open_for_the_next_scan(
        qtbot: Any, dialog: VerifyDialog, issued: dict[str, IssuedCertificate]) -> None:
    amira = issued["Amira"]
    qtbot.keyClicks(dialog.code, amira.code.lower())
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.verification is not None and dialog.verification.status == "genuine"
    assert dialog.heading.text() == "✔ Genuine" and "Amira Hassan" in dialog.answer.text()
    assert dialog.code.selectedText() == dialog.code.text() and dialog.code.hasFocus()
    # the scanner types the next code over the selection, then Enter
    qtbot.keyClicks(dialog.code, issued["Cal"].code_display)
    assert dialog.code.text() == issued["Cal"].code_display
    qtbot.keyClick(dialog.code, Qt.Key.Key_Enter)
    assert dialog.isVisible() and "Cal," in dialog.answer.text()
    assert "Amira" not in dialog.answer.text()


@pytest.mark.parametrize("first", ["genuine", "unknown"])
def test_an_edit_clears_the_answer(qtbot: Any, dialog: VerifyDialog,
                                   issued: dict[str, IssuedCertificate], first: str) -> None:
    code = issued["Amira"].code_display
    if first == "unknown":
        from awards_app.core.codes import format_code, new_code

        code = format_code(new_code())
    dialog.code.setText(code)
    dialog.verify_button.click()
    assert dialog.verification is not None and dialog.verification.status == first
    dialog.code.setCursorPosition(len(code))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Backspace)
    assert dialog.verification is None
    assert dialog.heading.isHidden() and dialog.answer.text() == VERIFY_HELP
    assert "Genuine" not in dialog.answer.text() and "Amira" not in dialog.answer.text()
    qtbot.keyClicks(dialog.code, wrong_check(code)[-1])
    assert dialog.verification is None and dialog.answer.text() == VERIFY_HELP


def test_a_wrong_check_character_says_so(qtbot: Any, dialog: VerifyDialog,
                                         issued: dict[str, IssuedCertificate]) -> None:
    dialog.code.setText(issued["Amira"].code_display)
    dialog.check()
    qtbot.keyClick(dialog.code, Qt.Key.Key_End)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.code, wrong_check(issued["Amira"].code_display)[-1])
    # a whole code typed: the answer comes after a short pause, without Enter
    qtbot.waitUntil(lambda: dialog.verification is not None, timeout=3000)
    assert dialog.heading.text() == "? A typing mistake"
    assert dialog.answer.text() == ("The last character doesn't match: check the code for a "
                                    "typing mistake.")
    assert "Amira" not in dialog.answer.text()


def test_a_late_answer_for_an_older_text_is_dropped(
        dialog: VerifyDialog, db: Database, issued: dict[str, IssuedCertificate]) -> None:
    old = issued["Amira"].code_display
    with db.read_session() as s:
        answer = certificates.verify(s, old)
    dialog.code.setText(wrong_check(old))
    dialog.show_answer(old, answer)
    assert dialog.verification is None and "Amira" not in dialog.answer.text()


def test_a_revoked_answer_wraps_in_full_and_keeps_the_reason_private(
        qtbot: Any, dialog: VerifyDialog, db: Database,
        issued: dict[str, IssuedCertificate]) -> None:
    cal = issued["Cal"]
    with db.session() as s:
        certificates.revoke(s, cal.code, MARKER)
        replacement = certificates.correct(s, cal.code, reason=MARKER)
    qtbot.keyClicks(dialog.code, cal.code_display)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.verification is not None and dialog.verification.status == "revoked"
    text = dialog.answer.text()
    assert text.endswith(f"It was replaced by {replacement}.") and "Zqmarker" not in text
    qtbot.waitUntil(lambda: dialog.answer.height() >= dialog.answer.heightForWidth(
        dialog.answer.width()), timeout=3000)
    assert dialog.answer.wordWrap()
    lines = dialog.answer.height() // dialog.answer.fontMetrics().lineSpacing()
    assert lines >= 2  # wrapped, and every line has room
    assert dialog.answer.height() >= dialog.answer.heightForWidth(dialog.answer.width())
    assert dialog.card.geometry().bottom() <= dialog.height()


def test_the_placeholder_example_is_a_valid_code(dialog: VerifyDialog) -> None:
    from awards_app.core.codes import normalise_code

    example = dialog.code.placeholderText().removeprefix("e.g. ").split(",")[0]
    assert normalise_code(example) is not None


def test_the_certificates_list_flags_a_surname_printed_without_consent(
        db: Database, awarded: Awarded, issued: dict[str, IssuedCertificate]) -> None:
    from sqlalchemy import update

    from awards_app.db.models import Certificate
    from awards_app.ui.certificates.recipients import status_text

    with db.session() as s:
        (ben,) = certificates.issue(s, awarded.event_id, [awarded.ids["Ben"]])
        s.execute(update(Certificate).where(Certificate.id == ben.certificate_id)
                  .values(recipient_name="Ben Zqxsurname"))
    with db.read_session() as s:
        rows = {r.ref: r for r in certificates.recipients(s, awarded.event_id)}
    assert status_text(rows["N-0002"]) == ("Issued with the surname they did not agree to; "
                                          "correct to reprint")
    assert status_text(rows["N-0001"]) == "Issued"
