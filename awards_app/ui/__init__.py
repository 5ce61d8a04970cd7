"""The desktop window (PySide6). The only package allowed to import Qt.

One package per feature, mirroring ``awards_app.services``: ``overview`` (the welcome and
overview pages), ``nominations``, ``catalogue`` (categories, sponsors and judges, new
events), ``people`` (nominees and workers), ``judging`` (the Judging page, its dialogs, and
``session/``: the full-screen judging-day window), ``results``, ``certificates`` and
``transfer`` (import / export). ``common`` holds what they share. At the top: ``app`` (start
the program), ``main_window``, ``startup`` (opening a database off the UI thread), ``smoke``
and ``settings`` (QSettings keys).

Package files (``__init__``) stay empty so the start-up path imports only what it names.
"""
