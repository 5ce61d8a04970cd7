"""The shapes of identifying details, written for the folded text masking searches.

Masking (:mod:`awards_app.core.masking`) searches a *folded* copy of a narrative: NFKC,
case-folded, accents and invisible characters removed, look-alike letters mapped to Latin,
every kind of digit made ASCII, every space but a newline made " " and every dash "-". So
the patterns here are lower case and need to know only one space, one dash, one apostrophe
and ten digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

def alternation(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern trying the longest first ("Smith-Jones" before "Smith"); None for none."""
    unique = sorted(set(patterns), key=len, reverse=True)
    return re.compile("|".join(unique)) if unique else None


# --- words in names ------------------------------------------------------------------------

#: name particles that are not masked on their own ("van der Berg": "Berg" is)
PARTICLES = frozenset("van von der den de da di du del della dos das la le lo bin ibn bint al "
                      "el ben ap st saint mc mac".split())
#: words that make a listed name a team, school or service rather than a person: its own
#: distinctive words are masked ("Riverside Leaving Care Team" also masks "Riverside"), the
#: generic ones are not, so "care" and "team" stay readable
GENERIC_WORDS = frozenset(
    "team teams care leaving leavers service services children childrens young people person "
    "school college academy primary secondary high university uni centre center house home "
    "homes project support north south east west central city council county borough "
    "district the of and for at in on with group unit trust foundation hub office social work "
    "worker workers family families sixth form community youth after looked pathway personal "
    "advisor adviser local authority church catholic ce rc infant junior grammar free new old "
    "upper lower great little mr mrs ms miss dr mx nhs hospital ward club sports".split())
#: titles before a listed name ("Dr Sam Patel"), which do not make it a team's
TITLES = frozenset("mr mrs ms miss mx dr prof sir dame lady lord rev cllr".split())
#: names that are everyday words too: masked when written with a capital ("Will", "Young"),
#: left alone in lower case ("she will", "young people"), where masking them would both spoil
#: the sentence and hint at the name
EVERYDAY_WORD_NAMES = frozenset(
    "will mark hope grace faith joy rose may june april august summer winter dawn holly ivy "
    "lily daisy violet amber ruby pearl honey sunny rocky bill pat sue rob jack frank young "
    "brown white black green grey gray king hall wood woods hill best little long short day "
    "rich bell cook baker hunter ward bishop parker miller mason carter page price fox lamb "
    "bird bush marsh moss rivers stone field fields lane cross wells house park church gold "
    "silver sharp strong small fair good noble wise bright swift love friend child hunt chase "
    "power bond banks brook brooks dean snow frost rain storm north south east west major earl "
    "duke lord cash sage rusty nick drew sandy dusty buck guy chance bliss mercy patience "
    "honour honor trinity destiny harmony melody liberty justice unity hero star sky river "
    "ocean wren robin jay finch crane drake swan poppy hazel heather fern willow jade flint "
    "clay penny art earnest ernest miles rush hardy moody bean cole coal booth".split())


# --- phones --------------------------------------------------------------------------------

#: between two digits of a phone number: spaces, or one dot or dash with spaces around it
_SEP = r"(?:[ ]{0,3}[.\-][ ]{0,3}|[ ]{1,3})"
PHONE = re.compile(
    rf"""
    (?<![\w+'])(?<![0-9][.\-])  # not the end of a date ("13.01.2005", "'01") or a number
    (?:
        (?:\([ ]?\+[ ]?44[ ]?\)|(?:\+[ ]?|00[ ]?)44){_SEP}?(?:\([ ]?0[ ]?\){_SEP}?)?(?:\([ ]?)?
      | \([ ]?(?=0)
      | (?=0)
    )
    [0-9](?:{_SEP}?\)?{_SEP}?[0-9]){{7,11}}
    (?![\w]|[:.,][0-9])
    """,
    re.VERBOSE,
)
#: a number written with a country code other than the UK's ("+353 87 123 4567")
INTERNATIONAL_PHONE = re.compile(
    rf"(?<![\w+])\+[ ]?(?!44)[1-9](?:{_SEP}?\(?[0-9]\)?){{7,14}}(?![\w]|[:.,][0-9])")
_DATE_LIKE = re.compile(
    r"[0-9]{1,2}[ ]?[./-][ ]?[0-9]{1,2}[ ]?[./-][ ]?(?:19|20)[0-9]{2}(?![0-9])")


def is_uk_phone(candidate: str) -> bool:
    """Whether a :data:`PHONE` match has the digits of a UK number: 0 and 9 or 10 more, or
    +44/0044 (with an optional "(0)") and 9 or 10 more. A helpline ("0800 1111") or a long
    reference number is too short or too long; a date ("01.02.2024 10") is not a phone."""
    compact = candidate.replace(" ", "")
    if compact.count("(") != compact.count(")") or _DATE_LIKE.match(candidate):
        return False
    digits = "".join(ch for ch in compact if ch.isdigit())
    compact = compact.replace("(+44)", "+44")
    if compact.startswith(("+44", "0044")):
        national = digits[2:] if compact.startswith("+") else digits[4:]
        if "(0)" in compact:
            national = national[1:]
        if national.startswith("0"):  # "+44 07700 …": the 0 written by mistake
            return 10 <= len(national) <= 11
        return 9 <= len(national) <= 10
    # "00" starts an international number, never a UK one ("'00 2024 2024" is not a phone)
    return digits.startswith("0") and not digits.startswith("00") and 10 <= len(digits) <= 11


def digits_pattern(digits: str) -> str:
    """A pattern for these digits with any phone-style spacing or punctuation between them
    (the caller checks no digit comes before)."""
    return r"[ .\-()/+]{0,3}".join(digits) + r"(?![0-9])"


# --- postcodes -----------------------------------------------------------------------------

#: outward code (A9, A99, AA9, AA99, A9A, AA9A or GIR), up to three spaces or a dash, the
#: inward code (9AA; its letters are never C, I, K, M, O or V)
POSTCODE = re.compile(
    r"(?<![\w])(?:[a-z]{1,2}[0-9][a-z0-9]?|gir)(?:[ ]{0,3}|[ ]?-[ ]?)[0-9][abd-hjlnp-uw-z]{2}"
    r"(?![\w])"
)

# --- emails --------------------------------------------------------------------------------

_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~\-]+"
_LABEL = r"[\w\-]+"
_OBFUSCATED_AT = r"[ ]*[\[(<{][ ]*at[ ]*[\])>}][ ]*"
_OBFUSCATED_DOT = r"[ ]*[\[(<{][ ]*dot[ ]*[\])>}][ ]*|[ ]+dot[ ]+"
#: endings an address written with words ("zoe at example dot com") must have, so that
#: "she met him at college.Then" is not taken for one
_KNOWN_TLDS = (r"(?:com|org|net|uk|ie|io|info|me|biz|edu|gov|ac|co|email|online|xyz|eu|de|fr|"
               r"es|it|nl|pl|ro|us|ca|au|nz|in|pk|ng|za|gh|ke|app|dev|live|mail|cymru|scot)")
EMAIL = re.compile(
    rf"""
    (?<![\w.!#$%&'*+/=?^`{{|}}~\-])
    {_LOCAL}
    (?:
        @{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,24}}
      | (?:{_OBFUSCATED_AT}|[ ]*@[ ]*|[ ]+at[ ]+)
        {_LABEL}(?:(?:\.|{_OBFUSCATED_DOT}){_LABEL})*(?:\.|{_OBFUSCATED_DOT}){_KNOWN_TLDS}
      | {_OBFUSCATED_AT}{_LABEL}(?:(?:\.|{_OBFUSCATED_DOT}){_LABEL})*(?:\.|{_OBFUSCATED_DOT})
        [a-z]{{2,24}}
    )
    (?![\w\-])
    """,
    re.VERBOSE,
)


#: where an address may be: its "@" or "at"; the address is then matched from the start of
#: the word before (searching for EMAIL itself would try every word of the narrative)
EMAIL_SITES = re.compile(rf"[ ]*@|{_OBFUSCATED_AT}|[ ]+at[ ]+")
LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.!#$%&'*+/=?^`{|}~-")


#: a social media handle ("@zoe_h2005"), masked as a name; "@ work" and "@10:30" are not
HANDLE = re.compile(r"(?<![\w.!#$%&'*+/=?^`{|}~\-])@[a-z_][a-z0-9_.]{1,28}[a-z0-9_](?![\w@])")


def email_pattern(email: str) -> str:
    """A pattern for one known (folded) address written with "@" or "at", "." or "dot", and
    its user name alone when that is distinctive (the caller checks what comes before)."""
    local, _, domain = email.partition("@")
    at = rf"(?:[ ]*@[ ]*|{_OBFUSCATED_AT}|[ ]+at[ ]+)"
    dot = rf"(?:\.|{_OBFUSCATED_DOT})"
    whole = (rf"{re.escape(local)}{at}"
             + dot.join(re.escape(label) for label in domain.split(".")) + r"(?![\w\-])")
    if len(local) >= 5 and re.search(r"[0-9._\-]", local):
        # a distinctive user name ("zoe.smith2005") is hers wherever it is written
        return whole + rf"|{re.escape(local)}(?![\w\-@]|\.\w)"
    return whole


# --- addresses -----------------------------------------------------------------------------

STREET_WORDS = (
    "street", "st", "road", "rd", "lane", "ln", "avenue", "ave", "av", "close", "cl", "drive",
    "dr", "way", "court", "ct", "crescent", "cres", "place", "pl", "gardens", "gdns", "grove",
    "gr", "terrace", "terr", "tce", "walk", "square", "sq", "hill", "row", "mews", "view",
    "park", "parade", "pde", "rise", "green", "vale", "gate", "wharf", "yard", "boulevard",
    "blvd", "parkway", "bank", "brow", "chase", "croft", "fold", "meadow", "meadows", "mount",
    "approach", "wynd", "cottages", "heights", "quay", "circus", "broadway", "embankment",
    "promenade", "lea", "end", "wood", "fields", "glade", "hollow", "crest", "orchard",
)
BUILDING_WORDS = ("house", "court", "tower", "towers", "building", "lodge", "point", "heights",
                  "mansions", "hall", "block", "centre", "works", "mill", "apartments", "flats")
_NUMBER = r"[0-9]{1,4}[a-z]?(?:[-/][0-9]{1,4}[a-z]?)?"
_WORD = r"[^\W\d_][\w'\-]*"


_FLAT = r"(?:flat|apartment|apt|maisonette)"
_UNIT = r"(?:flat|apartment|apt|maisonette|unit|suite|block)"
#: the start of an address: a house number ("14", "14a", "22-24") or a flat or unit line
#: ("Flat 3", "Unit 5"), then up to four words; which of them is the street word ("14 Mill
#: Lane", "Unit 5 Riverside Court") is decided in Python, far faster than trying every street
#: word after every number of words at every number in a narrative
ADDRESS = re.compile(
    rf"(?<![\w])(?:(?P<unit>{_UNIT})\.?[ ]?(?:no\.?[ ]?)?)?{_NUMBER},?[ ]+"
    rf"(?P<words>{_WORD}(?:[ ]+{_WORD}){{0,3}})")
#: "Flat 3", "Apartment 4b" alone (a "Unit 5" alone is as likely part of a course)
FLAT_LINE = re.compile(rf"(?<![\w]){_FLAT}\.?[ ]?(?:no\.?[ ]?)?{_NUMBER}(?![\w])")
ADDRESS_STARTS = re.compile("flat|apartment|apt|maisonette|unit|suite|block")
FLAT_STARTS = re.compile("flat|apartment|apt|maisonette")
STREETS = frozenset(STREET_WORDS)
BUILDINGS = frozenset(BUILDING_WORDS)
WORD = re.compile(rf"(?<![\w]){_WORD}")
#: street words that make an address even when nothing is capitalised ("14 mill lane"); the
#: others are ordinary words too ("3 food bank", "a 2 hour drive", "4 people close")
PLAIN_STREET_WORDS = frozenset(("street", "st", "road", "rd", "lane", "ln", "avenue", "ave",
                                "crescent", "cres", "terrace", "tce", "gardens", "gdns", "mews",
                                "grove"))
#: words that make "3 miles up the hill" a walk, not an address, when they are not capitalised
NOT_STREET_NAMES = frozenset(
    "a an the of up down to in on at by for and or with from into onto round around over past "
    "along across per times miles mile km metres meters yards hours hour minutes mins days "
    "weeks months years goals points steps laps more less new old big small my her his their "
    "our your its this that these those other each every same very people person hour "
    "hours she he they we i you him them it us was is are were be been had has have got went "
    "lives lived live moved then so but not".split()
)

# --- dates ---------------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")


def month_names(month: int) -> str:
    """A pattern for a month's name, full or short ("sep", "sept", "september")."""
    full = MONTHS[month - 1]
    names = {full, full[:3]} | ({"sept"} if month == 9 else set())
    return "(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\.?"


_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC_SEP = r"[ ]?[/.\-][ ]?|[ ]"


def date_of_birth_pattern(day: date) -> str:
    """A pattern for one date in every common written form: 13/07/2005, 13.07.2005, 13-7-05,
    2005-07-13, 7/13/2005, 13072005, 13th July 2005, 13 Jul '05, July 13, 2005, 13th of July,
    the thirteenth of July 2005; also the birthday without its year written with a month name ("13 July") or "13/07".
    The caller checks no letter or digit comes before."""
    d = rf"0?{day.day}" if day.day < 10 else str(day.day)
    m = rf"0?{day.month}" if day.month < 10 else str(day.month)
    year = rf"(?:{day.year}|'?{day.year % 100:02d})"
    month = month_names(day.month)
    sep = f"(?:{_NUMERIC_SEP})"
    mark = r"(?:[ ]?[/.\-][ ]?)"  # spaces alone only with a four-digit year: "1 01 00" is not
    forms = [
        rf"{d}{mark}{m}{mark}{year}", rf"{d}[ ]{m}[ ]{day.year}",
        rf"{m}{mark}{d}{mark}{year}",
        rf"{day.year}{sep}{m}{sep}{d}",
        f"{day.day:02d}{day.month:02d}{day.year}",
        f"{day.year}{day.month:02d}{day.day:02d}",
        rf"{d}[ ]?/[ ]?{m}(?![ ]?[/.\-]?[ ]?[0-9])",
        rf"{d}{_ORDINAL}(?:[ ]of)?[ ,]*{month}(?:,?[ ]+{year})?",
        rf"{month}[ ,]*{d}{_ORDINAL}(?:,?[ ]+{year})?",
        rf"{ordinal_word(day.day)}(?:[ ]of)?[ ,]*{month}(?:,?[ ]+{year})?",
        rf"{month}[ ,]*(?:the[ ])?{ordinal_word(day.day)}(?:,?[ ]+{year})?",
    ]
    return r"(?:" + "|".join(forms) + r")(?![0-9a-z])"


ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first").split()


def ordinal_word(day: int) -> str:
    """A pattern for a day of the month in words ("thirteenth", "twenty first")."""
    return ORDINAL_WORDS[day - 1].replace("-", "[ -]?")


_ANY_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
_ANY_MONTH_NAME = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
                   r"march|april|june|july|august|september|october|november|december)\.?")
#: any date, for flagging what masking left in: numeric with a year, with a month's name, or
#: a month and a year ("July 2005")
ANY_DATE = re.compile(
    rf"""
    (?<![0-9a-z])
    (?:
        {_ANY_DAY}[ ]?[/.\-][ ]?(?:1[0-2]|0?[1-9])[ ]?[/.\-][ ]?(?:[0-9]{{4}}|[0-9]{{2}})
      | [0-9]{{4}}-(?:1[0-2]|0?[1-9])-{_ANY_DAY}
      | {_ANY_DAY}{_ORDINAL}(?:[ ]of)?[ ,]*{_ANY_MONTH_NAME}(?:,?[ ]+'?[0-9]{{2,4}})?
      | {_ANY_MONTH_NAME}[ ,]*{_ANY_DAY}{_ORDINAL}(?:,?[ ]+[0-9]{{2,4}})?
      | {_ANY_MONTH_NAME}[ ,]+(?:19|20)[0-9]{{2}}
    )
    (?![0-9a-z])
    """,
    re.VERBOSE,
)
