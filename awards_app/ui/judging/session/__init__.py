"""The judging session: one shared laptop, judges taking turns to sign in with a PIN and score
their nominations. Opened with ``awards-app --judging`` or from the Judging page; it shows
judges only what ``services.judging.JudgeItem`` holds (pseudonym, category, masked
narratives, criteria) and their own scores.

Qt only at import time: the window paints before SQLAlchemy is loaded (its modules import the
services on first use).
"""

from __future__ import annotations

from awards_app.ui.judging.session.window import JudgingSessionWindow

__all__ = ["JudgingSessionWindow"]
