"""Judging: the coordinator's Judging page (progress, PINs, conflicts of interest, lead judges,
tie-break rules, what judges read) with its dialogs, and ``session/``, the full-screen window
judges score in on judging day."""
