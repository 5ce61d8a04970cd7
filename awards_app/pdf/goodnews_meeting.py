"""The team meeting's good news as a PDF, to print or keep: a month's stories by team, each
young person by their preferred name only (the caller chose what to show). Plain data in,
bytes out, in the bundled fonts (accented, Greek, Cyrillic and Arabic names)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from awards_app.pdf import fonts

INK = HexColor("#1f2933")
ACCENT = HexColor("#2f5d62")
MUTED = HexColor("#5b6770")


@dataclass(frozen=True)
class MeetingEntry:
    heading: str  # "Zo — 04 November (told by Priya Raman)"
    story: str
    why_proud: str = ""
    note: str = ""  # e.g. not to be shared outside the meeting


@dataclass(frozen=True)
class MeetingTeam:
    team: str
    entries: tuple[MeetingEntry, ...]


def _style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
    extra.setdefault("fontName", fonts.SANS)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(name, fontSize=size, leading=leading, **extra)


def meeting_pdf(title: str, teams: Sequence[MeetingTeam], *, footnote: str = "") -> bytes:
    """One A4 document: the title, then each team's stories."""
    fonts.register_fonts()
    title_style = _style("title", 20, 25, fontName=fonts.SANS_BOLD, spaceAfter=8)
    team_style = _style("team", 14, 18, fontName=fonts.SANS_BOLD, textColor=ACCENT,
                        spaceBefore=12, spaceAfter=4)
    head_style = _style("head", 12, 16, fontName=fonts.SANS_BOLD, spaceBefore=6)
    text_style = _style("text", 12, 17, leftIndent=10)
    why_style = _style("why", 11, 15.5, leftIndent=10, textColor=MUTED)
    note_style = _style("note", 10, 13.5, leftIndent=10, textColor=HexColor("#8a4b00"))
    story: list[Flowable] = [fonts.text_flowable(title, title_style, bold=True)]
    if not teams:
        story.append(fonts.text_flowable("No good news recorded for this month yet.",
                                         text_style))
    for team in teams:
        story.append(fonts.text_flowable(team.team, team_style, bold=True))
        for entry in team.entries:
            block: list[Flowable] = [fonts.text_flowable(entry.heading, head_style, bold=True)]
            if entry.note:
                block.append(fonts.text_flowable(entry.note, note_style, italic=True))
            block.append(fonts.text_flowable(entry.story, text_style))
            if entry.why_proud:
                block.append(fonts.text_flowable(f"Why I'm proud: {entry.why_proud}",
                                                 why_style))
            story.append(KeepTogether(block))
    if footnote:
        story += [Spacer(1, 10), fonts.text_flowable(footnote, why_style)]
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm, title=title)
    document.build(story)
    return out.getvalue()
