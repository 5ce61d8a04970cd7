"""How the judge copy review shows a nomination's narratives: built with QTextCursor and
character formats from plain text (never parsed as HTML), with what was masked in one colour
and what may still identify someone in another, underlined, and listed in words beneath so
that nothing relies on colour alone."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from awards_app.services.judging import NarrativeReview, Span

MASKED_COLOUR = QColor("#cfe0fb")  # a light blue behind what is (or will be) masked
FLAG_COLOUR = QColor("#ffe2a8")  # a light amber behind what may still identify someone
FLAG_UNDERLINE = QColor("#9a5b00")

LEGEND = ("Blue, and in square brackets for judges: masked, judges never see it. "
          "Amber and underlined: may still identify the young person — read it, and edit "
          "the judge copy if it would. Both are listed beneath in words.")

#: how much of a flagged or masked passage the list beneath quotes
QUOTE_LIMIT = 40


def _formats() -> dict[str, QTextCharFormat]:
    masked = QTextCharFormat()
    masked.setBackground(MASKED_COLOUR)
    flag = QTextCharFormat()
    flag.setBackground(FLAG_COLOUR)
    flag.setFontUnderline(True)  # not colour alone
    flag.setUnderlineColor(FLAG_UNDERLINE)
    heading = QTextCharFormat()
    heading.setFontWeight(QFont.Weight.Bold)
    return {"masked": masked, "flag": flag, "heading": heading, "plain": QTextCharFormat()}


def _insert(cursor: QTextCursor, text: str, spans: Sequence[tuple[Span, str]],
            formats: dict[str, QTextCharFormat]) -> None:
    """``text`` as plain text, the ``spans`` (Python string positions) in their formats.
    Pieces are inserted one after another, so positions never need converting to Qt's."""
    at = 0
    for span, kind in sorted(spans, key=lambda item: item[0].start):
        if span.start < at:
            continue  # overlaps the one before: shown once
        cursor.insertText(text[at:span.start], formats["plain"])
        cursor.insertText(text[span.start:span.end], formats[kind])
        at = span.end
    cursor.insertText(text[at:], formats["plain"])


def show_original(edit: QTextEdit, narratives: Sequence[NarrativeReview]) -> None:
    """The narratives as written, with what masking hides of them highlighted."""
    _fill(edit, [(n.label, n.original, [(s, "masked") for s in n.hidden]) for n in narratives])


def show_masked(edit: QTextEdit, narratives: Sequence[NarrativeReview]) -> None:
    """What judges read, with the masks and what may still identify someone highlighted."""
    _fill(edit, [(n.label + (" (edited by the coordinator)" if n.edited else ""), n.masked,
                  [(s, "masked") for s in n.masks] + [(s, "flag") for s in n.flags])
                 for n in narratives])


def _fill(edit: QTextEdit, parts: Sequence[tuple[str, str, list[tuple[Span, str]]]]) -> None:
    formats = _formats()
    edit.clear()
    cursor = QTextCursor(edit.document())
    for i, (label, text, spans) in enumerate(parts):
        if i:
            cursor.insertBlock()
            cursor.insertBlock()
        cursor.insertText(label, formats["heading"])
        cursor.insertBlock()
        _insert(cursor, text or "(left blank)", spans if text else [], formats)
    edit.moveCursor(QTextCursor.MoveOperation.Start)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[:QUOTE_LIMIT - 1] + "…"


def found_in_words(narratives: Sequence[NarrativeReview]) -> str:
    """The masked details and what may still identify someone, listed in words:
    "Masked for judges (2): 'Smith' (the surname), '07700 900123' (a phone number)."."""
    masked = [f"'{_quote(n.source[s.start:s.end])}' ({s.note})"
              for n in narratives for s in n.source_hidden]
    flagged = [f"'{_quote(n.masked[s.start:s.end])}' ({s.note})"
               for n in narratives for s in n.flags]
    lines = [f"Masked for judges ({len(masked)}): {', '.join(masked)}." if masked else
             "Nothing needed masking.",
             f"May still identify someone ({len(flagged)}): {', '.join(flagged)}." if flagged
             else "Nothing else was found that may identify someone; still read it through."]
    return "\n".join(lines)
