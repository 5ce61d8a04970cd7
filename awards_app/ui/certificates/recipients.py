"""Who gets a certificate (everyone with a confirmed placement), how each one's state reads
in the list, the background job that makes them, and what a finished run says."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from awards_app.services import certificates
from awards_app.services.certificates import PrintRun, Recipient
from awards_app.services.certificates.attention import Attention
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.tasks import Job

if TYPE_CHECKING:
    from awards_app.db.engine import Database

KINDS = (("all", "Everyone (winners and every nominee)"),
         ("placed", "Winners, runners-up and highly commended"), ("winners", "Winners only"))


def status_text(r: Recipient) -> str:
    if r.status == "issued" and r.surname_without_consent:
        return "Issued with the surname they did not agree to; correct to reprint"
    if r.status == "issued" and r.changed:
        return f"Issued — {', '.join(r.changed)} changed since; correct to reprint"
    return r.status.capitalize()


def waiting_text(skipped: list[str]) -> str:
    """One short paragraph for the categories whose results are not final yet."""
    names = [line.split(":", 1)[0] for line in skipped]
    if not names:
        return ""
    if len(names) == 1:
        return (f"{names[0]}: results are not final yet, so its certificates wait until they "
                "are confirmed on the Results page.")
    return (f"Results are not final yet for {len(names)} categories, so their certificates "
            f"wait until they are confirmed on the Results page: {', '.join(names)}.")


COLUMNS: list[Column[Recipient]] = [
    Column("Ref", lambda r: r.ref),
    Column("Category", lambda r: r.category),
    Column("Award", lambda r: r.title),
    Column("Name on certificate", lambda r: r.name_on_certificate),
    Column("Certificate", status_text),
    Column("Code", lambda r: r.code),
    Column("Name rule", lambda r: r.name_rule,
           tooltip="From the young person's consent, or the coordinator's override"),
]


def columns_with(attention: Mapping[int, Attention]) -> list[Column[Recipient]]:
    """The list's columns, with "Needs attention" while any certificate does."""
    if not attention:
        return COLUMNS
    return [*COLUMNS, Column("Needs attention", lambda r: attention[r.nomination_id].message
                             if r.nomination_id in attention else "")]


def attention_text(attention: Mapping[int, Attention], *, shown: int = 4) -> str:
    """Certificates issued before their results were reopened, and what to do with each."""
    if not attention:
        return ""
    items = sorted(attention.values(), key=lambda a: (a.category, a.ref))
    lines = [f"{a.ref} ({a.category}, {a.code}): {a.message}" for a in items[:shown]]
    if len(items) > shown:
        lines.append(f"… and {len(items) - shown} more (see the “Needs attention” column).")
    count = (f"{len(items)} certificates need" if len(items) != 1 else "1 certificate needs")
    return (f"{count} attention because results were reopened after they were issued:\n"
            + "\n".join(lines))


def generate_job(database: Database, event_id: int, *, out: Path | None,
                 separate: Path | None, kind: str, category_id: int | None,
                 nomination_ids: list[int] | None) -> Job:
    """Issue codes as needed and write the certificates (one PDF, or one file each)."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> PrintRun:
        return certificates.generate(database, event_id, out, kind=kind,
                                     category_id=category_id, nomination_ids=nomination_ids,
                                     separate_dir=separate, progress=progress,
                                     is_cancelled=cancelled)

    return job


def run_summary(run: PrintRun) -> str:
    """The first line about a finished run: how many were made, and how many are new."""
    new = f", {run.issued} with new codes" if run.issued else ""
    return f"{run.certificates} certificate(s) made{new}."


def run_notes(run: PrintRun) -> list[str]:
    """The lines below the summary: who was not included before the run started, then each
    certificate left out because it changed while printing (its own line, named once), then
    the files an interrupted earlier run left behind that this run put in place."""
    before = [note for note in run.skipped if note not in run.left_out]
    lines = ["Not included: " + " ".join(before)] if before else []
    lines += run.left_out
    by_folder: dict[Path, list[Path]] = {}
    for path in run.recovered:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, files in by_folder.items():
        what, it = (files[0].name, "it") if len(files) == 1 else (f"{len(files)} files", "them")
        lines.append(f"Also put {what} in place in {folder}: an earlier print run was "
                     f"interrupted just after recording {it} as printed.")
    return lines
