"""How another page (the Overview) asks the Good news page to open filtered: pages never
reach for each other, so the request waits on the context until the page is shown."""

from __future__ import annotations

from awards_app.ui.common.context import AppContext

#: the context property holding what the Good news page should show when next shown
REQUEST = "goodNewsShow"
UNNOMINATED = "unnominated"


def ask_for_unnominated(ctx: AppContext) -> None:
    """The Good news page, when next shown, lists the young people with good news this year
    and no nomination."""
    ctx.setProperty(REQUEST, UNNOMINATED)


def take_request(ctx: AppContext) -> str:
    """What was asked for (once), or ""."""
    asked = ctx.property(REQUEST)
    ctx.setProperty(REQUEST, "")
    return str(asked or "")
