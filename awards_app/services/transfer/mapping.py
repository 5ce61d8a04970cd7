"""Someone else's columns mapped onto an import's fields (a Microsoft Forms export's "Which
award are you nominating for?" onto ``category``), and their answers onto the values the
import takes ("Yes, they agreed" onto ``yes``).

:func:`propose` suggests a mapping from the headers (case, spacing, punctuation and common
wording ignored; synonyms from :mod:`.mapping_fields`, then a fuzzy match), and
:func:`propose_values` the answers' values; a person adjusts them and the result is a
:class:`ColumnMapping`, read from and written to a JSON mapping file (:func:`from_json`,
:func:`to_json`) and saved by name (:mod:`.saved_mappings`). :mod:`.mapped_reading` reads a
file through one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import name_key, parse_answer
from awards_app.services.transfer.mapping_fields import (
    BOOKKEEPING,
    CATEGORY,
    JUDGE,
    KINDS,
    SPLITS,
    SYNONYMS,
    KindFields,
)

#: how alike a header and a field's wording must be for the field to be proposed (0–1)
THRESHOLD = 0.82
FILE_KEYS = ("columns", "values", "ignore_unmapped", "kind", "name")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")
#: wording that says nothing about which field a question is
_FILLER = frozenset("a an the of their they them your you are is do does what which please "
                    "for to our we can us about this that in on have has been be tell give "
                    "enter here if any and or".split())


def header_words(text: str) -> tuple[str, ...]:
    """The words of a header, case, accents, spacing and punctuation ignored:
    "Young person’s First-Name?" → ("young", "persons", "first", "name")."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _APOSTROPHES.sub("", text)
    return tuple(w for w in _NOT_WORD.split(text) if w)


def normalise_header(text: str) -> str:
    """A header as compared: its words run together ("youngpersonsfirstname"), so that case,
    spacing and punctuation make no difference."""
    return "".join(header_words(text))


def headers_key(headers: Iterable[str]) -> str:
    """A digest of a file's headers, normalised, in any order: the same for a file with the
    same headers, to find the mapping saved for it."""
    names = sorted({normalise_header(h) for h in headers if normalise_header(h)})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def value_key(text: str) -> str:
    """An answer as compared: case, spacing and composition ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns map onto an import's fields.

    ``columns``: source header (as written) → field, or None to ignore it; two headers mapped
    to one field are combined (joined by a space, in file order). ``values``: field →
    (source answer → value). ``ignore_unmapped``: headers not named in ``columns`` are
    ignored instead of refused. Plain data: it crosses threads."""

    kind: str
    columns: dict[str, str | None]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    ignore_unmapped: bool = False
    name: str = ""

    @property
    def fields(self) -> KindFields:
        return KINDS[self.kind]

    def field_of(self, header: str) -> tuple[bool, str | None]:
        """(named, field): whether ``header`` is in the mapping (by its normalised form), and
        the field it maps to (None: ignored)."""
        wanted = normalise_header(header)
        for source, target in self.columns.items():
            if normalise_header(source) == wanted:
                return True, target
        return False, None

    def value_of(self, target: str, text: str) -> str:
        """``text`` as the field ``target`` takes it: mapped when the mapping says, else as is."""
        answers = self.values.get(target)
        if not answers:
            return text
        key = value_key(text)
        for source, value in answers.items():
            if value_key(source) == key:
                return value
        return text

    def named(self, name: str) -> ColumnMapping:
        return ColumnMapping(self.kind, dict(self.columns),
                             {k: dict(v) for k, v in self.values.items()},
                             self.ignore_unmapped, name)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "columns": dict(self.columns),
                "values": {k: dict(v) for k, v in self.values.items() if v},
                "ignore_unmapped": self.ignore_unmapped}


def kind_fields(kind: str) -> KindFields:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError.single(
            "kind", f"'{kind}' cannot be mapped (choose from: {', '.join(KINDS)})") from None


# --- proposing ---------------------------------------------------------------------------


def _content(words: Sequence[str]) -> str:
    kept = [w for w in words if w not in _FILLER]
    return " ".join(kept or words)


def _phrases(kind: KindFields, target: str) -> list[tuple[str, ...]]:
    return [header_words(target), header_words(target.replace("_", " ")),
            *(header_words(s) for s in SYNONYMS.get(target, ()))]


def match_score(header: str, kind: KindFields, target: str) -> float:
    """How well ``header`` names ``target``: 1 for its name or a synonym (normalised), else how
    alike their meaningful words are (difflib), or nearly so when every word of a longer
    synonym is in the header."""
    words = header_words(header)
    if not words:
        return 0.0
    about, field_about = _about(words), _about_field(target)
    if about and field_about and about != field_about:
        return 0.0  # the young person's name is never the nominator's, nor the other way
    joined = "".join(words)
    content = _content(words)
    best = 0.0
    for phrase in _phrases(kind, target):
        if not phrase:
            continue
        if "".join(phrase) == joined:
            return 1.0
        other = _content(phrase)
        best = max(best, difflib.SequenceMatcher(None, content, other).ratio())
        meaningful = set(other.split())
        if len(meaningful) >= 2 and meaningful <= set(content.split()):
            best = max(best, 0.9 - 0.01 * (len(set(content.split())) - len(meaningful)))
    return best


_YOUNG_PERSON = frozenset({"nominee", "nominees", "young", "youngperson", "child", "their"})
_NOMINATOR = frozenset({"your", "nominator", "nominators", "worker", "workers"})


def _about(words: Sequence[str]) -> str:
    """Whom a header is about, when it says: the young person, the nominator, or ''."""
    said = set(words)
    if said & _YOUNG_PERSON:
        return "nominee"
    if said & _NOMINATOR:
        return "nominator"
    return ""


def _about_field(target: str) -> str:
    for who in ("nominee", "nominator"):
        if target.startswith(who):
            return who
    return ""


def is_bookkeeping(header: str) -> bool:
    key = normalise_header(header)
    return any(key == normalise_header(b) for b in BOOKKEEPING)


def _excludes(target: str) -> set[str]:
    """The fields a column mapped to ``target`` rules out: a full name and its parts."""
    if target in SPLITS:
        return set(SPLITS[target])
    return {whole for whole, parts in SPLITS.items() if target in parts}


def propose(kind: str, headers: Sequence[str]) -> ColumnMapping:
    """A mapping for a file with ``headers``: each header onto the field it most likely is
    (each field once; a full name excludes first and last names), form bookkeeping (start
    and completion times…) and anything unrecognised ignored (None)."""
    chosen = kind_fields(kind)
    candidates: list[tuple[float, int, str]] = []
    for index, header in enumerate(headers):
        if not header.strip() or is_bookkeeping(header):
            continue
        for target in chosen.fields:
            score = match_score(header, chosen, target)
            if score >= THRESHOLD:
                candidates.append((score, -index, target))
    columns: dict[str, str | None] = {h: None for h in headers if h.strip()}
    taken: set[str] = set()
    placed: set[int] = set()
    for _score, minus_index, target in sorted(candidates, reverse=True):
        index = -minus_index
        if index in placed or target in taken:
            continue
        if _excludes(target) & taken:
            continue
        columns[headers[index]] = target
        placed.add(index)
        taken.add(target)
    return ColumnMapping(kind, columns)


def propose_values(mapping: ColumnMapping, distinct: Mapping[str, Sequence[str]], *,
                   categories: Sequence[str] = (), judges: Sequence[str] = ()
                   ) -> dict[str, dict[str, str]]:
    """For each category, yes/no or judge field mapped, each distinct answer (``distinct``:
    source header → its answers) onto the value it most likely means: a category by name (or
    the name it contains, or the closest), yes/no by its first words ("Yes, they agreed" →
    yes), a judge by the closest of ``judges``' names ("Mrs E. Askew" → Eleanor Askew);
    "" where nothing fits (not asked for yes/no; left as written for a category). A judge's
    answer that fits no name, or is an email (the import finds judges by email itself), is
    left out: read as written."""
    values: dict[str, dict[str, str]] = {}
    choices = mapping.fields.choices
    for header, answers in distinct.items():
        _named, target = mapping.field_of(header)
        if target is None or target not in choices:
            continue
        found = values.setdefault(target, {})
        for answer in answers:
            if not answer.strip() or answer in found:
                continue
            earlier = mapping.values.get(target, {})
            if answer in earlier:
                found[answer] = earlier[answer]
            elif choices[target] == CATEGORY:
                found[answer] = closest_category(answer, categories)
            elif choices[target] == JUDGE:
                judge = "" if "@" in answer else closest_judge(answer, judges)
                if judge:
                    found[answer] = judge
            else:
                found[answer] = yes_no(answer)
    return values


def closest_category(answer: str, categories: Sequence[str]) -> str:
    """The category ``answer`` names: the same name, a name it contains ("Education Star
    award" → Education Star), else the closest by spelling; "" if none is close."""
    key = name_key(answer)
    keys = {name_key(c): c for c in categories}
    if key in keys:
        return keys[key]
    inside = [c for k, c in keys.items() if k and (k in key or key in k)]
    if inside:
        return max(inside, key=len)
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    return keys[close[0]] if close else ""


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "cllr", "sir", "dame",
                     "rev", "councillor"})


def closest_judge(answer: str, judges: Sequence[str]) -> str:
    """The judge ``answer`` names: the same name, the one whose surname and initial match
    (titles ignored: "Mrs E. Askew" → Eleanor Askew), else the closest by spelling; "" if
    none is close, or if several judges fit equally (never a guess between two people)."""
    words = [w for w in header_words(answer) if w not in _TITLES]
    if not words:
        return ""
    same = [j for j in judges if header_words(j) == tuple(words)]
    if same:
        return same[0]
    fits = [j for j in judges if (named := header_words(j)) and named[-1] == words[-1]
            and (len(words) == 1 or named[0][0] == words[0][0])]
    if len(fits) == 1:
        return fits[0]
    return "" if fits else closest_category(" ".join(words), judges)


_YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "agreed", "agree", "absolutely",
                        "definitely", "true", "ok", "okay", "sure"})
_NO_WORDS = frozenset({"no", "n", "nope", "false", "never", "declined", "refused"})


def yes_no(answer: str) -> str:
    """'yes', 'no' or '' (not asked / unclear) for a form's answer: "Yes, they agreed" → yes,
    "No - not yet" → no, "Not sure" → ''."""
    try:
        return parse_answer(answer).value.replace("not_asked", "")
    except ValueError:
        pass
    words = header_words(answer)
    if not words or words[:2] in (("not", "sure"), ("dont", "know"), ("prefer", "not")):
        return ""
    if words[0] in _YES_WORDS:
        return "yes"
    if words[0] in _NO_WORDS or words[:2] in (("not", "yet"), ("they", "dont")):
        return "no"
    return ""


# --- mapping files -----------------------------------------------------------------------


def from_json(text: str, *, kind: str, source: str = "mapping file") -> ColumnMapping:
    """A mapping from its JSON text; every problem is named by its key, in plain words."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError([FieldError(
            "file", f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")],
            source=source) from None
    return from_dict(data, kind=kind, source=source)


def from_dict(data: object, *, kind: str, source: str = "mapping file") -> ColumnMapping:
    chosen = kind_fields(kind)
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        raise ValidationError([FieldError("file", 'must be a JSON object: {"columns": '
                                          '{"source header": "field" or null}, ...}')],
                              source=source)
    for key in data:
        if key not in FILE_KEYS:
            errors.append(FieldError(str(key), "is not a key of a mapping file (use "
                                     f"{', '.join(FILE_KEYS)})"))
    fields = ", ".join(chosen.fields)
    if data.get("kind", kind) != kind:
        errors.append(FieldError("kind", f"is '{data.get('kind')}', but this is a {kind} "
                                 "import"))
    columns = data.get("columns")
    mapped: dict[str, str | None] = {}
    if not isinstance(columns, dict) or not columns:
        errors.append(FieldError("columns", 'must be an object of "source header": "field" '
                                 "or null, with at least one header"))
    else:
        for header, target in columns.items():
            if target is not None and (not isinstance(target, str) or target not in
                                       chosen.fields):
                errors.append(FieldError(f"columns.{header}", f"'{target}' is not a field of "
                                         f"{kind} (choose from: {fields}; or null to ignore "
                                         "the column)"))
            else:
                mapped[header] = target
    values = data.get("values", {})
    answers: dict[str, dict[str, str]] = {}
    if not isinstance(values, dict):
        errors.append(FieldError("values", 'must be an object of "field": {"source value": '
                                 '"value"}'))
    else:
        for target, pairs in values.items():
            if target not in chosen.fields:
                errors.append(FieldError(f"values.{target}", f"is not a field of {kind} "
                                         f"(choose from: {fields})"))
            elif not isinstance(pairs, dict) or not all(
                    isinstance(v, str) for v in pairs.values()):
                errors.append(FieldError(f"values.{target}", 'must be an object of "source '
                                         'value": "value" (text)'))
            else:
                answers[target] = {str(k): v for k, v in pairs.items()}
    ignore = data.get("ignore_unmapped", False)
    if not isinstance(ignore, bool):
        errors.append(FieldError("ignore_unmapped", "must be true or false"))
    name = data.get("name", "")
    if errors:
        raise ValidationError(errors, source=source)
    return ColumnMapping(kind, mapped, answers, bool(ignore),
                         name if isinstance(name, str) else "")


def to_json(mapping: ColumnMapping) -> str:
    return json.dumps(mapping.to_dict(), ensure_ascii=False, indent=2) + "\n"
