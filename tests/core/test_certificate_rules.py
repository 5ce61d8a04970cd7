"""Certificate rules: the name printed, the design, who a print run includes, dates, file names."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from awards_app.core.certificates import (
    and_list,
    award_label,
    certificate_file_names,
    certificate_name,
    design_for,
    format_long_date,
    in_kind,
    name_rule,
    parse_kind,
    slug,
    title_for,
)
from awards_app.core.enums import Answer

YES, NO, NOT_ASKED = Answer.YES, Answer.NO, Answer.NOT_ASKED


@pytest.mark.parametrize(("preferred", "last", "consent", "override", "expected"), [
    ("Amira", "Hassan", YES, "", "Amira Hassan"),
    ("Amira", "Hassan", NO, "", "Amira"),
    ("Amira", "Hassan", NOT_ASKED, "", "Amira"),
    ("Amira", "Hassan", NO, "Amira H.", "Amira H."),
    ("Amira", "Hassan", YES, "  Mira   Hassan ", "Mira Hassan"),
    ("Amira", "Hassan", YES, "   ", "Amira Hassan"),  # a blank override is no override
    ("  Zoë ", " O'Connor  Smith ", YES, "", "Zoë O'Connor Smith"),
    ("Ana-María", "", YES, "", "Ana-María"),
    ("Дмитрий", "Иванов", NO, "", "Дмитрий"),
    ("ليلى", "حداد", YES, "", "ليلى حداد"),
])
def test_certificate_name(preferred: str, last: str, consent: Answer, override: str,
                          expected: str) -> None:
    assert certificate_name(preferred, last, consent, override) == expected


@given(st.text(min_size=1, max_size=20), st.text(min_size=2, max_size=20).filter(str.strip),
       st.sampled_from([NO, NOT_ASKED]))
def test_without_consent_the_surname_never_appears(preferred: str, last: str,
                                                   consent: Answer) -> None:
    assume(last.strip() not in preferred)
    assert last.strip() not in certificate_name(preferred, last, consent, "")


@pytest.mark.parametrize(("consent", "override", "reason", "expected"), [
    (YES, "", "", "full name"),
    (NO, "", "", "first name only"),
    (NOT_ASKED, "", "", "first name only"),
    (NO, "Amira H.", "asked  for her initial", "override: asked for her initial"),
])
def test_name_rule(consent: Answer, override: str, reason: str, expected: str) -> None:
    assert name_rule(consent, override, reason) == expected


@pytest.mark.parametrize(("placement", "design", "title"), [
    ("winner", "winner", "Winner"),
    ("runner_up", "placed", "Runner-up"),
    ("highly_commended", "placed", "Highly commended"),
    ("nominee", "achievement", "Certificate of achievement"),
])
def test_design_and_title(placement: str, design: str, title: str) -> None:
    assert design_for(placement) == design
    assert title_for(placement) == title
    assert award_label(placement, "Education Star") == f"{title} — Education Star"


def test_unknown_placement_is_an_error() -> None:
    with pytest.raises(ValueError):
        design_for("champion")


@pytest.mark.parametrize(("kind", "included"), [
    ("winners", {"winner"}),
    ("placed", {"winner", "runner_up", "highly_commended"}),
    ("all", {"winner", "runner_up", "highly_commended", "nominee"}),
    (" Placed ", {"winner", "runner_up", "highly_commended"}),
])
def test_kinds(kind: str, included: set[str]) -> None:
    everyone = ("winner", "runner_up", "highly_commended", "nominee")
    assert {p for p in everyone if in_kind(p, kind)} == included


def test_bad_kind_names_the_choices() -> None:
    with pytest.raises(ValueError, match="winners, placed, all"):
        parse_kind("best")


@pytest.mark.parametrize(("day", "text"), [
    (date(2027, 3, 14), "14 March 2027"),
    (date(2027, 3, 4), "4 March 2027"),
    (date(2026, 12, 31), "31 December 2026"),
    (None, ""),
])
def test_long_dates_have_no_leading_zero(day: date | None, text: str) -> None:
    assert format_long_date(day) == text


def test_and_list() -> None:
    assert and_list([]) == ""
    assert and_list(["Acme"]) == "Acme"
    assert and_list(["Acme", "Bakery"]) == "Acme and Bakery"
    assert and_list(["Acme", "Bakery", "Co-op"]) == "Acme, Bakery and Co-op"


def test_slug_folds_to_ascii() -> None:
    assert slug("Zoë O'Connor") == "zoe-o-connor"
    assert slug("Łucja Nowak-Ødegård") == "lucja-nowak-odegard"
    assert slug("Straße") == "strasse"
    assert slug("ليلى") == ""


def test_file_names_are_safe_and_unique() -> None:
    names = certificate_file_names([
        ("N-0012", "Education Star", "Amira H."),
        ("N-0013", "Sports Hero", "ليلى"),
        ("N-0012", "Education Star", "Amira H."),
        ("N-0014", "Life Changer " * 20, "Nguyễn Văn An"),
        ("N-0015", "../../etc", "a/b\\c:d"),
    ])
    assert names[0] == "N0012-education-star-amira-h.pdf"
    assert names[1] == "N0013-sports-hero.pdf"
    assert names[2] == "N0012-education-star-amira-h-2.pdf"
    assert names[3].startswith("N0014-life-changer-life-changer") and len(names[3]) <= 84
    assert names[4] == "N0015-etc-a-b-c-d.pdf"
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", n) for n in names)


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=30), st.text(max_size=30)),
                max_size=20))
def test_any_input_gives_safe_unique_names(items: list[tuple[str, str, str]]) -> None:
    names = certificate_file_names(items)
    assert len(names) == len(items)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", n) for n in names)
