"""The judge copy editor on a nomination whose judge copy was changed in another window."""

from __future__ import annotations

from awards_app.services import judging, nominations
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from tests.ui.stale import outlined_as_mine, refused_as_stale, reload, saved


def test_judge_copy_dialog(qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
                           messages: list[tuple[str, str, str]]) -> None:
    event_id = demo_ctx.require_event()
    nomination_id = demo_ctx.read(lambda s: nominations.get_by_ref(s, event_id, "N-0007").id)
    dialog = JudgeCopyDialog(demo_ctx, None, ref="N-0007")
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: judging.set_judge_copy(
        s, nomination_id, success="Theirs: she passed every exam.", obstacles="", voice=""))
    dialog.boxes["obstacles"].setPlainText("Mine: she kept going.")
    assert "(what judges read of their success)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.boxes["success"].toPlainText() == "Theirs: she passed every exam."
    assert dialog.boxes["obstacles"].toPlainText() == "Mine: she kept going."
    assert outlined_as_mine(dialog.boxes["obstacles"])
    assert not outlined_as_mine(dialog.boxes["success"])
    assert saved(dialog)
    stored = demo_ctx.read(lambda s: judging.judge_copy_for_edit(s, nomination_id)).values
    assert (stored["judge_success"], stored["judge_obstacles"]) == (
        "Theirs: she passed every exam.", "Mine: she kept going.")
