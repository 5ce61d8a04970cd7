"""Paper judging from the window: judging packs to print, a fast screen for typing returned
packs (by reference or QR code), paper scores imported from a spreadsheet, and submitting a
category on a paper judge's behalf."""

from awards_app.ui.judging.paper.window import PaperJudgingWindow

__all__ = ["PaperJudgingWindow"]
