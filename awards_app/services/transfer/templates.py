"""Blank import templates, so coordinators and workers start from the right columns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from awards_app.core.errors import ValidationError
from awards_app.services.transfer.imports import PREFERRED_SHEETS, TEMPLATE_COLUMNS
from awards_app.services.transfer.tabular import write_csv

GUIDANCE = {
    "category": "One of the event's categories, spelt as listed.",
    "nominee_first_name": "The young person's legal first name.",
    "nominee_last_name": "Their surname.",
    "nominee_preferred_name": "What they like to be called (blank = first name).",
    "nominee_date_of_birth": "YYYY-MM-DD or DD/MM/YYYY.",
    "out_of_area": "yes / no: lives outside the authority's area.",
    "nominator_name": "The worker making the nomination.",
    "nominator_email": "Their work email (used to recognise them next time).",
    "nominator_team": "Their team.",
    "success": "What they achieved: at least 25 words.",
    "obstacles": "What they overcame to get there: at least 25 words.",
    "nominee_voice": "Optional: the young person's own words.",
    "nominee_aware": "yes / no / blank: does the young person know about the nomination?",
    "consent_certificate_name": "yes / no / blank (not asked): full name on a certificate.",
    "consent_public": "yes / no / blank: name read out or printed publicly.",
    "consent_photo": "yes / no / blank: photos may be taken and used.",
    "sponsor": "The sponsoring organisation's name.",
    "judge_name": "Optional: a person who judges for this sponsor.",
    "judge_email": "Optional: the judge's email.",
    "contact_name": "Optional: the sponsor's main contact.",
    "contact_email": "Optional: the contact's email.",
    "judge": "The judge's name or email, as the event lists them.",
    "nomination_ref": "The nomination's reference on the judging pack, e.g. N-0042.",
    "criterion": "The criterion's name, as printed on the score sheet.",
    "score": "A whole number within the criterion's scale (shown on the sheet).",
    "comment": "Optional: the judge's comment on the nomination.",
    "story_date": "The day it happened: YYYY-MM-DD or DD/MM/YYYY.",
    "worker_name": "The worker telling the story.",
    "worker_email": "Optional: their work email (used to recognise them).",
    "team": "Optional: the team (blank = the worker's team).",
    "story": "The good news, in a sentence or two.",
    "why_proud": "Optional: why you are proud of them.",
    "young_person_knows": "yes / no / blank: does the young person know it is being shared?",
}
YES_NO_COLUMNS = {"out_of_area", "nominee_aware", "consent_certificate_name", "consent_public",
                  "consent_photo", "young_person_knows"}


def write_template(kind: str, path: Path, *, category_names: Sequence[str] = ()) -> Path:
    """Write a header-only template; XLSX adds drop-downs and a guidance sheet."""
    if kind not in TEMPLATE_COLUMNS:
        raise ValidationError.single(
            "kind", f"'{kind}' is not {', '.join(TEMPLATE_COLUMNS)} (a template for it)")
    columns = TEMPLATE_COLUMNS[kind]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, columns, [])
        return path
    if suffix != ".xlsx":
        raise ValidationError.single("out", f"'{path.name}' must end in .csv or .xlsx")
    # openpyxl loads only for .xlsx files (start-up time)
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PREFERRED_SHEETS.get(kind, (kind.capitalize(),))[0]
    sheet.append(list(columns))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        wide = column in ("success", "obstacles", "nominee_voice", "story", "why_proud")
        sheet.column_dimensions[get_column_letter(index)].width = 60 if wide else 22
        letter = get_column_letter(index)
        if column in YES_NO_COLUMNS:
            rule = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}5000")
        elif column == "category" and category_names:
            quoted = ",".join(name.replace('"', "'") for name in category_names)
            if len(quoted) < 250:  # Excel's limit for an inline list
                rule = DataValidation(type="list", formula1=f'"{quoted}"', allow_blank=False)
                sheet.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}5000")
    guide = book.create_sheet("Guidance")
    guide.append(["Column", "What to enter"])
    for column in columns:
        guide.append([column, GUIDANCE.get(column, "")])
    if category_names and kind == "nominations":
        guide.append([])
        guide.append(["Categories", ", ".join(category_names)])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 80
    for row in guide.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.font = Font(bold=True)
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
    return path
