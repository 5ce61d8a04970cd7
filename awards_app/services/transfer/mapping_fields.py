"""What a column of someone else's spreadsheet can be mapped to, by import kind: the fields,
their plain labels, which take a category or a yes/no answer, and the wording forms use for
them (the synonyms :mod:`.mapping` proposes a mapping from).

The synonyms are written as people write questions; they are compared after normalising
(case, spacing and punctuation ignored), so "Young person's first name?" matches
"young persons first name".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from awards_app.services.transfer.imports import (
    GOOD_NEWS_COLUMNS,
    GOOD_NEWS_REQUIRED,
    NOMINATION_COLUMNS,
    NOMINATION_REQUIRED,
    PREFERRED_SHEETS,
    SCORE_COLUMNS,
    SCORE_REQUIRED,
    SPONSOR_COLUMNS,
    SPONSOR_REQUIRED,
)

#: a column holding a whole name, split into first name(s) and last name when read
FULL_NAME = "nominee_full_name"
SPLITS = {FULL_NAME: ("nominee_first_name", "nominee_last_name")}
CATEGORY, YES_NO = "category", "yes_no"
JUDGE = "judge"  # a judge of the event, by name (a form's "Mrs E. Askew" → Eleanor Askew)
YES_NO_VALUES = ("yes", "no", "")  # "" = not asked


@dataclass(frozen=True)
class KindFields:
    """The fields of one import kind a column can be mapped to."""

    kind: str
    columns: tuple[str, ...]  # the import's own columns
    required: tuple[str, ...]
    sheets: tuple[str, ...]
    extra: tuple[str, ...] = ()  # fields read into the columns (a full name: split)
    choices: dict[str, str] = field(default_factory=dict)  # field -> CATEGORY, YES_NO, JUDGE

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.columns, *self.extra)


KINDS: dict[str, KindFields] = {
    "nominations": KindFields(
        "nominations", NOMINATION_COLUMNS, NOMINATION_REQUIRED,
        PREFERRED_SHEETS["nominations"], extra=(FULL_NAME,),
        choices={"category": CATEGORY, "out_of_area": YES_NO, "nominee_aware": YES_NO,
                 "consent_certificate_name": YES_NO, "consent_public": YES_NO,
                 "consent_photo": YES_NO, "do_not_publish": YES_NO}),
    "sponsors": KindFields("sponsors", SPONSOR_COLUMNS, SPONSOR_REQUIRED,
                           PREFERRED_SHEETS["sponsors"], choices={"category": CATEGORY}),
    "scores": KindFields("scores", SCORE_COLUMNS, SCORE_REQUIRED, PREFERRED_SHEETS["scores"],
                         choices={"judge": JUDGE}),
    "good_news": KindFields(
        "good_news", GOOD_NEWS_COLUMNS, GOOD_NEWS_REQUIRED, PREFERRED_SHEETS["good_news"],
        extra=(FULL_NAME,), choices={"young_person_knows": YES_NO}),
}

LABELS = {
    "source_id": "The form's own row ID (to spot rows imported before)",
    "category": "Category (award)",
    "nominee_first_name": "Young person's first name",
    "nominee_last_name": "Young person's last name",
    FULL_NAME: "Young person's full name (split into first and last)",
    "nominee_preferred_name": "Young person's preferred name",
    "nominee_date_of_birth": "Young person's date of birth",
    "out_of_area": "Lives out of area (yes/no)",
    "nominator_name": "Nominator's name",
    "nominator_email": "Nominator's email",
    "nominator_team": "Nominator's team",
    "success": "Their success",
    "obstacles": "Obstacles overcome",
    "nominee_voice": "In the young person's words",
    "nominee_aware": "Young person knows (yes/no)",
    "consent_certificate_name": "Consent: name on certificate (yes/no)",
    "consent_public": "Consent: shared publicly (yes/no)",
    "consent_photo": "Consent: photos (yes/no)",
    "do_not_publish": "Do not publish (yes/no)",
    "age_override_reason": "Why the age rule is set aside",
    "status": "Status",
    "citation": "Citation",
    "sponsor": "Sponsor",
    "judge_name": "Judge's name",
    "judge_email": "Judge's email",
    "contact_name": "Contact's name",
    "contact_email": "Contact's email",
    "contact_phone": "Contact's phone",
    "notes": "Notes",
    "judge": "Judge",
    "nomination_ref": "Nomination reference (N-0001)",
    "criterion": "Criterion",
    "score": "Score",
    "comment": "Judge's comment",
    "story_date": "Date of the good news",
    "worker_name": "Worker's name",
    "worker_email": "Worker's email",
    "team": "Team",
    "story": "The good news",
    "why_proud": "Why I'm proud",
    "young_person_knows": "Young person knows it is shared (yes/no)",
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


#: form bookkeeping: proposed as Ignore (Microsoft Forms, Google Forms, SurveyMonkey…)
BOOKKEEPING = ("start time", "completion time", "last modified time", "timestamp",
               "submitted at", "submission date", "created", "modified", "total points",
               "quiz feedback", "points", "feedback", "ip address", "respondent id",
               "collector id", "start date", "end date")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_id": ("id", "response id", "submission id", "row id", "entry id", "form id",
                  "response number", "response", "source id"),
    "category": ("award", "which award are you nominating for", "award category",
                 "which category", "which award", "category of award", "nominating for",
                 "award nominated for", "which award category",
                 "which award would you like to sponsor", "award to sponsor",
                 "award sponsored"),
    "nominee_first_name": ("young person's first name", "first name", "forename",
                           "given name", "nominee first name", "young person's forename",
                           "first name of young person", "first name of the young person"),
    "nominee_last_name": ("young person's last name", "young person's surname", "last name",
                          "surname", "family name", "nominee surname", "nominee last name",
                          "surname of the young person", "last name of the young person"),
    FULL_NAME: ("young person's name", "young person's full name", "nominee name",
                "nominee's name", "name of young person", "name of the young person",
                "full name of the young person", "who are you nominating",
                "nominee full name"),
    "nominee_preferred_name": ("preferred name", "known as", "what name do they like to use",
                               "what do they like to be called", "nickname",
                               "young person's preferred name", "name they prefer"),
    "nominee_date_of_birth": ("date of birth", "dob", "birthday", "birth date",
                              "young person's date of birth", "their date of birth"),
    "out_of_area": ("out of area", "do they live out of area", "do they live outside the area",
                    "placed out of area", "lives out of area", "living out of area"),
    "nominator_name": ("name", "your name", "nominator", "nominator's name", "worker name",
                       "your full name", "nominated by", "name of nominator",
                       "worker's name"),
    "nominator_email": ("email", "your email", "email address", "your email address",
                        "nominator's email", "worker email", "worker's email", "e-mail"),
    "nominator_team": ("team", "your team", "service", "which team are you in",
                       "team or service", "your service", "which team do you work in"),
    "success": ("tell us about their success", "their success", "achievement",
                "achievements", "what have they achieved", "why are you nominating them",
                "why do they deserve this award", "tell us about their achievement"),
    "obstacles": ("what obstacles have they overcome", "obstacles overcome", "challenges",
                  "what challenges have they faced", "what challenges have they overcome",
                  "barriers", "what have they overcome", "tell us about the obstacles"),
    "nominee_voice": ("in their own words", "young person's voice", "their own words",
                      "what does the young person say", "quote from the young person",
                      "what would they say", "voice of the young person"),
    "nominee_aware": ("does the young person know", "are they aware of the nomination",
                      "young person aware", "do they know they have been nominated",
                      "does the young person know they have been nominated",
                      "nominee aware", "are they aware"),
    "consent_certificate_name": ("can we print their name on the certificate",
                                 "consent to name on certificate", "name on certificate",
                                 "certificate name consent",
                                 "can their name be printed on the certificate"),
    "consent_public": ("can we share their story", "can we share their story publicly",
                       "consent to share publicly", "public consent", "consent to publicity",
                       "publicity consent", "consent to publish"),
    "consent_photo": ("can we use their photo", "can we take photos", "photo consent",
                      "consent to photos", "photography consent", "consent to photographs"),
    "do_not_publish": ("do not publish", "keep private", "must not be published",
                       "not to be published"),
    "age_override_reason": ("age override reason", "reason for age exception"),
    "citation": ("citation", "certificate citation"),
    "sponsor": ("sponsor name", "company", "organisation", "business", "sponsor organisation"),
    "judge_name": ("judge", "judge's name", "judge name"),
    "judge_email": ("judge's email", "judge email", "judge email address"),
    "contact_name": ("contact", "contact name", "contact person", "main contact"),
    "contact_email": ("contact email", "contact's email", "contact email address"),
    "contact_phone": ("phone", "telephone", "contact phone", "phone number", "mobile"),
    "notes": ("notes", "comments", "anything else"),
    "judge": ("judge", "judge name", "judge's name", "marked by", "scored by", "marker"),
    "nomination_ref": ("nomination", "ref", "reference", "nomination reference",
                       "nomination number", "nomination ref"),
    "criterion": ("criteria", "question", "criterion name"),
    "score": ("mark", "marks", "points awarded", "score given"),
    "comment": ("comments", "judge's comment", "notes", "remarks"),
    "story_date": ("date", "when", "date of the good news", "when did it happen",
                   "date it happened", "story date", "date of success"),
    "worker_name": ("your name", "worker", "worker's name", "worker name", "name of worker",
                    "personal adviser", "told by", "shared by", "name"),
    "worker_email": ("your email", "worker's email", "worker email", "email",
                     "email address", "your email address"),
    "team": ("your team", "which team are you in", "team or service", "service",
             "which team do you work in"),
    "story": ("good news", "what is the good news", "the good news", "what happened",
              "success", "good news story", "tell us the good news", "story"),
    "why_proud": ("why are you proud", "why i'm proud", "why im proud", "why proud",
                  "what makes you proud", "why are you proud of them"),
    "young_person_knows": ("does the young person know", "do they know it is being shared",
                           "young person knows", "can we share it",
                           "does the young person know this is being shared",
                           "are they happy for it to be shared"),
}
