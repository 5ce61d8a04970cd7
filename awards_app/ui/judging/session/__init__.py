"""The judging session: one shared laptop, judges taking turns to sign in with a PIN and score
their nominations. Opened with ``awards-app --judging``; it shows judges only what
``services.judging.JudgeItem`` holds (pseudonym, category, masked narratives, criteria) and
their own scores."""

from __future__ import annotations

from awards_app.ui.judging.session import JudgingSessionWindow

__all__ = ["JudgingSessionWindow"]
