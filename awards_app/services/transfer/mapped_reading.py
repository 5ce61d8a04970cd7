"""Reading a file through a :class:`~.mapping.ColumnMapping`: its columns become the import's
own (combined, split, their answers mapped), and the rows then go through exactly the checks
a file in the program's own columns gets (:func:`.tabular.table_from_rows`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from awards_app.core.errors import FieldError, ValidationError
from awards_app.services.transfer import tabular
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.mapping_fields import SPLITS, label
from awards_app.services.transfer.tabular import Cell, Table


def headers_of(path: Path, *, preferred_sheets: Sequence[str] = ()) -> list[str]:
    """The file's header row as written (its first row that is not blank)."""
    for _number, cells in tabular.read_raw_rows(path, preferred_sheets=preferred_sheets):
        if not tabular.is_blank(cells):
            return [str(c).strip() for c in cells]
    raise ValidationError([FieldError("file", "has no header row")], source=path.name)


def distinct_values(path: Path, headers: Sequence[str], *, preferred_sheets: Sequence[str] = (),
                    most: int = 200) -> dict[str, list[str]]:
    """Each of ``headers``' distinct answers in the file (at most ``most`` each, in the order
    first seen): what a person maps onto categories and yes/no."""
    found: dict[str, dict[str, None]] = {h: {} for h in headers}
    places: dict[int, str] = {}
    header_seen = False
    for _number, cells in tabular.read_raw_rows(path, preferred_sheets=preferred_sheets):
        if tabular.is_blank(cells):
            continue
        if not header_seen:
            header_seen = True
            places = {i: str(c).strip() for i, c in enumerate(cells)
                      if str(c).strip() in found}
            continue
        for index, header in places.items():
            if index < len(cells):
                text = _text(cells[index]).strip()
                if text and len(found[header]) < most:
                    found[header].setdefault(text, None)
    return {h: list(v) for h, v in found.items()}


def read_mapped_table(path: Path, mapping: ColumnMapping) -> Table:
    """``path`` read through ``mapping`` into the import's own columns. A header the mapping
    does not name is refused (unless it says to ignore them), as is a required field no
    column maps to; then every cell is checked as in a file of the program's own columns."""
    kind = mapping.fields
    raw = tabular.read_raw_rows(path, preferred_sheets=kind.sheets)
    source = path.name
    for number, cells in raw:
        if tabular.is_blank(cells):
            continue
        targets = _targets(source, number, [str(c).strip() for c in cells], mapping)
        fields = list(dict.fromkeys(t for t in targets if t is not None))
        columns = [c for c in kind.columns
                   if c in fields or any(c in SPLITS.get(f, ()) for f in fields)]
        missing = [c for c in kind.required if c not in columns]
        if missing:
            named = f" '{mapping.name}'" if mapping.name else ""
            raise ValidationError([FieldError("header", "no column is mapped to "
                                   + ", ".join(f"{label(c)} ({c})" for c in missing)
                                   + f"; map one in the mapping{named}", number)],
                                  source=source)
        rows = _rows(raw, targets, columns, mapping)
        return tabular.table_from_rows(source, _with_header(number, columns, rows),
                                       columns=kind.columns, required=kind.required)
    raise ValidationError([FieldError("file", "has no header row")], source=source)


def _targets(source: str, number: int, headers: list[str], mapping: ColumnMapping
             ) -> list[str | None]:
    errors: list[FieldError] = []
    targets: list[str | None] = []
    for index, header in enumerate(headers):
        named, target = mapping.field_of(header) if header else (False, None)
        if header and not named and not mapping.ignore_unmapped:
            errors.append(FieldError("header", f"column {index + 1} '{header}' is not in the "
                                     "mapping: map it to a field or ignore it", number))
        targets.append(target)
    if errors:
        raise ValidationError(errors, source=source)
    return targets


def _with_header(number: int, columns: list[str], rows: Iterator[tuple[int, list[Cell]]]
                 ) -> Iterator[tuple[int, list[Cell]]]:
    yield number, list(columns)
    yield from rows


def _rows(raw: Iterator[tuple[int, list[Cell]]], targets: list[str | None], columns: list[str],
          mapping: ColumnMapping) -> Iterator[tuple[int, list[Cell]]]:
    width = len(targets)
    for number, cells in raw:
        if tabular.is_blank(cells):
            continue
        values: dict[str, list[Cell]] = {}
        for index, cell in enumerate(cells):
            target = targets[index] if index < width else None
            if target is None:
                if index >= width and not tabular.is_blank([cell]):
                    values.setdefault("", []).append(cell)  # the check names it below
                continue
            values.setdefault(target, []).append(cell)
        row: dict[str, Cell] = {}
        for target, parts in values.items():
            if not target:
                continue
            filled = [p for p in parts if isinstance(p, date) or p.strip()]
            value: Cell = filled[0] if len(filled) == 1 else " ".join(
                _text(p).strip() for p in filled)
            if isinstance(value, str):
                value = mapping.value_of(target, value.strip())
            if target in SPLITS:
                first, last = SPLITS[target]
                given, _space, family = _text(value).strip().rpartition(" ")
                row.setdefault(first, given.strip() or family)
                row.setdefault(last, family if given.strip() else "")
            else:
                row[target] = value
        line: list[Cell] = [row.get(c, "") for c in columns]
        if "" in values:  # a value beyond the headed columns: refused as in any file
            line += ["", *values[""]]
        yield number, line


def _text(cell: Cell) -> str:
    return cell.isoformat() if isinstance(cell, date) else cell
