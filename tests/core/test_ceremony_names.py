"""The ceremony's public naming rule (core.ceremony_names): full name only with a yes to being
named publicly and no "do not publish"; the preferred first name otherwise; nothing at all for
"do not publish"; "not asked" counts as no."""

from __future__ import annotations

import itertools

import pytest

from awards_app.core import ceremony_names as rules
from awards_app.core.enums import Answer


@pytest.mark.parametrize(("public", "hidden"), list(itertools.product(Answer, (False, True))))
def test_name_form_for_every_answer(public: Answer, hidden: bool) -> None:
    name = rules.ceremony_name("Amira", "Amira", "Haddad", public, do_not_publish=hidden)
    if hidden:
        assert name == rules.NOT_PUBLISHED_NAME
    elif public is Answer.YES:
        assert name == "Amira Haddad"
    else:
        assert name == "Amira"


def test_a_surname_typed_into_the_preferred_name_is_left_out_without_consent() -> None:
    assert rules.ceremony_name("Zoë O'Brien", "Zoë", "O'Brien", Answer.NO,
                               do_not_publish=False) == "Zoë"
    assert rules.ceremony_name("Zoë O'Brien", "Zoë", "O'Brien", Answer.YES,
                               do_not_publish=False) == "Zoë O'Brien"
    # nothing left but the surname: the first name, then the phrase
    assert rules.ceremony_name("Haddad", "Amira", "Haddad", Answer.NOT_ASKED,
                               do_not_publish=False) == "Amira"
    assert rules.ceremony_name("Haddad", "Haddad", "Haddad", Answer.NO,
                               do_not_publish=False) == rules.NOT_PUBLISHED_NAME


def test_arabic_and_accented_names_keep_their_letters() -> None:
    assert rules.ceremony_name("أمل", "أمل", "الحسن", Answer.YES,
                               do_not_publish=False) == "أمل الحسن"
    assert rules.ceremony_name("Şevval", "Şevval", "Yıldız", Answer.NO,
                               do_not_publish=False) == "Şevval"


def test_pronunciation_follows_the_name_that_is_read() -> None:
    say = "AM-ee-ra Haddad"
    assert rules.ceremony_pronunciation(say, "Haddad", Answer.YES,
                                        do_not_publish=False) == say
    assert rules.ceremony_pronunciation(say, "Haddad", Answer.NOT_ASKED,
                                        do_not_publish=False) == "AM-ee-ra"
    assert rules.ceremony_pronunciation(say, "Haddad", Answer.YES, do_not_publish=True) == ""


def test_citation_loses_what_was_not_agreed() -> None:
    text = "Amira Haddad led the choir. Everyone at Haddad House knows Amira."
    assert rules.ceremony_text(text, "Amira", "Amira", "Haddad", Answer.YES,
                               do_not_publish=False) == (text, False)
    assert rules.ceremony_text(text, "Amira", "Amira", "Haddad", Answer.NO,
                               do_not_publish=False) == (
        "Amira led the choir. Everyone at House knows Amira.", True)
    assert rules.ceremony_text(text, "Amira", "Amira", "Haddad", Answer.NO,
                               do_not_publish=True) == (
        "This young person led the choir. Everyone at House knows this young person.", True)
    assert rules.ceremony_text("Led the choir.", "Amira", "Amira", "Haddad", Answer.NO,
                               do_not_publish=True) == ("Led the choir.", False)


@pytest.mark.parametrize(("photo", "hidden"), list(itertools.product(Answer, (False, True))))
def test_photos_and_press_need_a_yes_and_no_do_not_publish(photo: Answer, hidden: bool) -> None:
    assert rules.may_photograph(photo, do_not_publish=hidden) is (
        photo is Answer.YES and not hidden)
    assert rules.may_go_to_press(photo, do_not_publish=hidden) is (
        photo is Answer.YES and not hidden)


def test_every_rule_says_not_asked_counts_as_no() -> None:
    for rule in (rules.NAMING_RULE, rules.PHOTO_RULE, rules.PRESS_RULE):
        assert "Where nobody asked them, the answer counts as no." in rule
