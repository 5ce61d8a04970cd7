"""The certificate name and design editors on records changed in another window."""

from __future__ import annotations

from dataclasses import replace

from awards_app.services import certificates, nominations
from awards_app.ui.certificates.design_dialog import DesignDialog
from awards_app.ui.certificates.dialogs import NameDialog
from awards_app.ui.common.context import AppContext
from tests.ui.stale import outlined_as_mine, refused_as_stale, reload, saved

Messages = list[tuple[str, str, str]]


def test_name_dialog(qtbot, demo_ctx: AppContext, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    nid = demo_ctx.read(lambda s: nominations.get_by_ref(s, event_id, "N-0003").id)
    dialog = NameDialog(demo_ctx, None, nomination_id=nid, ref="N-0003")
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: certificates.set_name_override(
        s, nid, "Their Choice", "The name she uses now"))
    dialog.name.setText("My Choice")
    dialog.reason.setText("She asked me")
    message = refused_as_stale(dialog, messages)
    assert "(name to print on the certificate and reason for that name)" in message
    reload(qtbot, dialog)
    assert (dialog.name.text(), dialog.reason.text()) == ("My Choice", "She asked me")
    assert outlined_as_mine(dialog.name) and outlined_as_mine(dialog.reason)
    assert saved(dialog) and dialog.printed == "My Choice"


def test_design_dialog(qtbot, demo_ctx: AppContext, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    dialog = DesignDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: certificates.save_settings(
        s, event_id, replace(certificates.get_settings(s, event_id), border_style="ribbon")))
    dialog.signatures[0][0].setText("Councillor Jo Bright")
    assert "(border)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.border.currentData() == "ribbon"
    assert dialog.signatures[0][0].text() == "Councillor Jo Bright"
    assert outlined_as_mine(dialog.signatures[0][0]) and not outlined_as_mine(dialog.border)
    assert saved(dialog)
    stored = demo_ctx.read(lambda s: certificates.get_settings(s, event_id))
    assert (stored.border_style, stored.signature1_name) == ("ribbon", "Councillor Jo Bright")
