"""The judging session window shows a judge nothing private (issue 12, item 2): a nomination
with a marker in every private field, written into its narratives and into the
coordinator's edited copy too, is read through the real window by a signed-in judge, and no
marker appears (normalised) in any label, text box, list, tooltip or the window title."""

from __future__ import annotations

from datetime import date
from typing import Any

from awards_app.db.models import Nomination
from awards_app.services import judging, nominations, people
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.session import JudgingSessionWindow
from tests.services.judging.test_judge_copy_privacy import (
    ADDRESS,
    DOB,
    EMAIL,
    LEGAL,
    PHONE,
    POSTCODE,
    SURNAME,
    TEAM,
    WORKER_EMAIL,
    WORKER_FIRST,
    WORKER_LAST,
    leaks,
)
from tests.ui.judging.session.test_judging_session import (  # the session tests' set-up
    A,
    all_texts,
    day,  # noqa: F401  (a fixture)
    queue,
    sign_in,
    window,  # noqa: F401  (a fixture)
)


def plant_markers(ctx: AppContext, nomination_id: int) -> None:
    def work(s: Any) -> None:
        nomination = s.get(Nomination, nomination_id)
        people.update_nominee(s, nomination.nominee_id, first_name=LEGAL, last_name=SURNAME,
                              preferred_name="Zoe", date_of_birth=DOB)
        people.update_worker(s, nomination.worker_id, name=f"{WORKER_FIRST} {WORKER_LAST}",
                             email=WORKER_EMAIL, team=TEAM)
        nominations.update_nomination(
            s, nomination_id,
            success=f"{LEGAL} {SURNAME}, born 13/07/2005, lives at {ADDRESS}, {POSTCODE}. "
                    f"Ring {PHONE} or email {EMAIL}. " + nomination.success,
            obstacles=f"Since 13 July 2005 ({DOB.isoformat()}) her worker {WORKER_FIRST} "
                      f"{WORKER_LAST} of Teammarker has seen her grow. " + nomination.obstacles)
        # the coordinator's edit of what judges read of her own voice names her again
        judging.set_judge_copy(s, nomination_id, success="", obstacles="",
                               voice=f"I am Zoe {SURNAME}; {WORKER_FIRST} helped me. "
                                     f"{WORKER_EMAIL}")

    ctx.write(work)


def test_the_session_window_shows_no_private_value(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, day: dict[str, Any],  # noqa: F811
        window: JudgingSessionWindow) -> None:  # noqa: F811
    judge_id = day["judges"][A]
    first = queue(ctx, judge_id)[0]
    plant_markers(ctx, first.nomination_id)
    window.sign_in_screen.reload()
    assert leaks(all_texts(window)) == []

    sign_in(qtbot, window, A)
    scoring = window.scoring_screen
    assert scoring.current_item().ref == first.ref  # type: ignore[union-attr]
    shown = scoring.narrative_view.toPlainText()
    assert "[surname]" in shown and "[address]" in shown  # masked, not dropped
    assert "Zoe" in shown  # the name the pseudonym shows stays readable
    for row in range(scoring.model.rowCount()):
        scoring.list_view.setCurrentIndex(scoring.model.index(row, 1))
        where = scoring.current_item().ref  # type: ignore[union-attr]
        assert leaks(all_texts(window)) == [], where


def test_markers_are_found_when_they_are_there() -> None:
    """The check itself can fail: each marker is found in text that holds it, however
    written (spacing, case, punctuation)."""
    assert leaks([f"x {SURNAME.upper()} y"]) == [SURNAME]
    assert leaks(["call (0161)4960000"]) == [PHONE]
    assert leaks(["M1 4ST"]) == [POSTCODE]
    assert leaks([date(2005, 7, 13).strftime("%d/%m/%Y")]) == ["13/07/2005"]
