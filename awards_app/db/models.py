"""SQLAlchemy 2 typed models. Portable SQL: nothing here is SQLite-only.

Scores, conflicts and results arrived with migration 0002, certificates with 0003.
"""

from __future__ import annotations

from datetime import date, datetime, UTC
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship

from awards_app.core.text import format_ref
from awards_app.db import seals
from awards_app.core.enums import Answer, ConflictKind, EventStatus, NominationStatus


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Named constraints keep Alembic batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type, name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def version_column() -> MappedColumn[int]:
    """A record's edit version (see ``versioned``)."""
    return mapped_column(Integer, default=1, server_default=text("1"))


def versioned(version: Mapped[int]) -> dict[str, Any]:
    """Mapper arguments for a record people edit: every ORM UPDATE of the row carries
    ``WHERE version = :loaded`` (a row changed under it raises StaleDataError), but the
    version only moves when an editing service bumps it — when a person edits the record —
    so bookkeeping (reference counters, confirmations, PIN attempts) never makes an open
    editor stale."""
    return {"version_id_col": version, "version_id_generator": False}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Setting(Base):
    """Database-wide key/value settings, e.g. which event is current."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """What changed, when: a trail for a coordinator, never holding narrative text."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: who did it: the operating-system user on SQLite ("" when unknown or older than 0007)
    actor: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Event(TimestampMixin, Base):
    __tablename__ = "event"
    __table_args__ = (UniqueConstraint("name", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    nomination_deadline: Mapped[date | None] = mapped_column(Date)
    min_age: Mapped[int] = mapped_column(Integer, default=16)
    max_age: Mapped[int] = mapped_column(Integer, default=25)
    min_words: Mapped[int] = mapped_column(Integer, default=25)
    max_words: Mapped[int] = mapped_column(Integer, default=2000)
    status: Mapped[EventStatus] = mapped_column(
        _enum(EventStatus, "event_status"), default=EventStatus.SETUP
    )
    next_ref: Mapped[int] = mapped_column(Integer, default=1)
    #: tie-break rules in order, comma-separated TieBreak values (fixed once judging starts)
    tie_breaks: Mapped[str] = mapped_column(String(100), default="obstacles,median,casting")
    #: rank by judges' z-scores (normalised) instead of raw scores
    normalised_results: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)

    categories: Mapped[list[Category]] = relationship(
        back_populates="event", order_by="Category.display_order", cascade="all, delete-orphan"
    )
    sponsors: Mapped[list[Sponsor]] = relationship(
        back_populates="event", order_by="Sponsor.name", cascade="all, delete-orphan"
    )


class Category(TimestampMixin, Base):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    winners_count: Mapped[int] = mapped_column(Integer, default=1)
    runners_up_count: Mapped[int] = mapped_column(Integer, default=1)
    highly_commended_count: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the judge whose casting decision settles a tie the rules cannot. A plain column, not a
    #: foreign key: adding a key would make SQLite rebuild the category table, and with
    #: foreign keys on, dropping it would cascade into criteria (judges are never deleted).
    lead_judge_id: Mapped[int | None] = mapped_column(Integer)
    results_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = version_column()
    #: who presents this category's awards at the ceremony (the ceremony pack's running order)
    presenter: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __mapper_args__ = versioned(version)

    event: Mapped[Event] = relationship(back_populates="categories")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="category", order_by="Criterion.display_order", cascade="all, delete-orphan"
    )
    sponsorships: Mapped[list[Sponsorship]] = relationship(
        back_populates="category", cascade="all, delete-orphan"
    )


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("category_id", "name"),
        Index("ix_criterion_role", "category_id", "role", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=10)
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    #: a CriterionRole value, or None; at most one criterion of a category has each role
    role: Mapped[str | None] = mapped_column(String(20), nullable=True, default=None)
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)

    category: Mapped[Category] = relationship(back_populates="criteria")


class Sponsor(TimestampMixin, Base):
    """A sponsoring organisation for one event (copied forward when a new event starts)."""

    __tablename__ = "sponsor"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)

    event: Mapped[Event] = relationship(back_populates="sponsors")
    sponsorships: Mapped[list[Sponsorship]] = relationship(
        back_populates="sponsor", cascade="all, delete-orphan"
    )
    judges: Mapped[list[Judge]] = relationship(
        back_populates="sponsor", order_by="Judge.name", cascade="all, delete-orphan"
    )


class Sponsorship(Base):
    __tablename__ = "sponsorship"
    __table_args__ = (UniqueConstraint("sponsor_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sponsor_id: Mapped[int] = mapped_column(
        ForeignKey("sponsor.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), index=True
    )

    sponsor: Mapped[Sponsor] = relationship(back_populates="sponsorships")
    category: Mapped[Category] = relationship(back_populates="sponsorships")


class Judge(TimestampMixin, Base):
    """A person judging for a sponsor: every category that sponsor sponsors."""

    __tablename__ = "judge"

    id: Mapped[int] = mapped_column(primary_key=True)
    sponsor_id: Mapped[int] = mapped_column(
        ForeignKey("sponsor.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    #: digest of the protected values when the program last wrote them (db/seals.py)
    seal: Mapped[str | None] = mapped_column(String(seals.SEAL_LENGTH))
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)

    sponsor: Mapped[Sponsor] = relationship(back_populates="judges")


class Worker(TimestampMixin, Base):
    """A nominating worker (personal adviser). Shared by all events."""

    __tablename__ = "worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    team: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)


class Nominee(TimestampMixin, Base):
    """A young person. Shared by all events so a second year's nomination finds them."""

    __tablename__ = "nominee"
    __table_args__ = (Index("ix_nominee_match", "last_name", "first_name", "date_of_birth"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    out_of_area: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_certificate_name: Mapped[Answer] = mapped_column(
        _enum(Answer, "consent_certificate_name"), default=Answer.NOT_ASKED
    )
    consent_public: Mapped[Answer] = mapped_column(
        _enum(Answer, "consent_public"), default=Answer.NOT_ASKED
    )
    consent_photo: Mapped[Answer] = mapped_column(
        _enum(Answer, "consent_photo"), default=Answer.NOT_ASKED
    )
    do_not_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    #: digest of the protected values when the program last wrote them (db/seals.py)
    seal: Mapped[str | None] = mapped_column(String(seals.SEAL_LENGTH))
    version: Mapped[int] = version_column()
    #: how to say their name, for whoever reads it out at the ceremony ("SHIV-awn")
    pronunciation: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __mapper_args__ = versioned(version)

    nominations: Mapped[list[Nomination]] = relationship(back_populates="nominee")


class Nomination(TimestampMixin, Base):
    __tablename__ = "nomination"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        # One live nomination per nominee per category; a withdrawn one may be renewed.
        Index(
            "uq_nomination_live_nominee_category",
            "category_id",
            "nominee_id",
            unique=True,
            sqlite_where=text("status != 'withdrawn'"),
            postgresql_where=text("status != 'withdrawn'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    success: Mapped[str] = mapped_column(Text)
    obstacles: Mapped[str] = mapped_column(Text)
    nominee_voice: Mapped[str] = mapped_column(Text, default="")
    nominee_aware: Mapped[Answer] = mapped_column(
        _enum(Answer, "nominee_aware"), default=Answer.NOT_ASKED
    )
    status: Mapped[NominationStatus] = mapped_column(
        _enum(NominationStatus, "nomination_status"), default=NominationStatus.SUBMITTED
    )
    age_override_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    citation: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship()
    category: Mapped[Category] = relationship()
    nominee: Mapped[Nominee] = relationship(back_populates="nominations")
    worker: Mapped[Worker | None] = relationship()

    #: the narratives as judges see them; empty means "mask the originals automatically"
    judge_success: Mapped[str] = mapped_column(Text, default="")
    judge_obstacles: Mapped[str] = mapped_column(Text, default="")
    judge_voice: Mapped[str] = mapped_column(Text, default="")
    #: who marked what judges read as reviewed ("" = nobody yet), when, and a digest of what
    #: they reviewed (services/judging/review.py): a later change makes the digest differ
    judge_copy_reviewed_by: Mapped[str] = mapped_column(String(200), default="",
                                                        server_default="")
    judge_copy_reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    judge_copy_reviewed_digest: Mapped[str | None] = mapped_column(String(64))

    #: the name to print on this nomination's certificate instead of the consent rule's, and why
    certificate_name_override: Mapped[str] = mapped_column(String(200), default="")
    certificate_name_reason: Mapped[str] = mapped_column(Text, default="")
    #: the row's own id in the file it was imported from (a form's response ID), so that a
    #: growing file imported again adds only its new rows; "" when entered or not mapped
    source_id: Mapped[str] = mapped_column(String(200), default="", server_default="")
    version: Mapped[int] = version_column()
    #: the wording approved for the press about this nomination ("" until someone approves
    #: one); the ceremony pack's press list prints it for winners who consented to publicity
    press_wording: Mapped[str] = mapped_column(Text, default="", server_default="")
    __mapper_args__ = versioned(version)

    @property
    def ref(self) -> str:
        return format_ref(self.number)


class ImportMapping(TimestampMixin, Base):
    """How someone else's spreadsheet (a form's export) maps onto an import's fields: saved
    under a name, and proposed again for a file with the same headers
    (services/transfer/saved_mappings.py). Database-wide: next year's form is the same."""

    __tablename__ = "import_mapping"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # nominations, sponsors or scores
    #: a digest of the file's headers, normalised (services/transfer/mapping.py headers_key)
    headers_key: Mapped[str] = mapped_column(String(64), index=True)
    #: the mapping as its JSON file has it: {"columns": …, "values": …, "ignore_unmapped": …}
    body: Mapped[str] = mapped_column(Text)


class GoodNews(TimestampMixin, Base):
    """A worker's good-news story about a young person, recorded through the year and read
    out at team meetings; it may become a nomination (which it then remembers). Not tied to
    an event: the year's stories are those dated in it."""

    __tablename__ = "good_news"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_date: Mapped[date] = mapped_column(Date, index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id", ondelete="SET NULL"),
                                                  index=True)
    #: the worker's team when the story was told (workers move teams; the story stays put)
    team: Mapped[str] = mapped_column(String(200), default="")
    story: Mapped[str] = mapped_column(Text)
    why_proud: Mapped[str] = mapped_column(Text, default="")
    #: whether the young person knows the story is being shared
    young_person_knows: Mapped[Answer] = mapped_column(
        _enum(Answer, "young_person_knows"), default=Answer.NOT_ASKED
    )
    #: the nomination this story became, if it did
    nomination_id: Mapped[int | None] = mapped_column(
        ForeignKey("nomination.id", ondelete="SET NULL"), index=True)
    #: the row's own id in the file it was imported from ("" when typed in)
    source_id: Mapped[str] = mapped_column(String(200), default="", server_default="")
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)

    nominee: Mapped[Nominee] = relationship()
    worker: Mapped[Worker | None] = relationship()
    nomination: Mapped[Nomination | None] = relationship()


class CeremonySeat(Base):
    """Where a young person sits at an event's ceremony (seat or table, as the venue names
    it), for the photographer's list. One row per young person per event, when recorded."""

    __tablename__ = "ceremony_seat"
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id", ondelete="CASCADE"),
                                            primary_key=True)
    seat: Mapped[str] = mapped_column(String(40))


class Score(Base):
    """One judge's score for one criterion of one nomination."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("judge_id", "nomination_id", "criterion_id"),
        Index("ix_score_nomination_judge", "nomination_id", "judge_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: digest of the protected values when the program last wrote them (db/seals.py)
    seal: Mapped[str | None] = mapped_column(String(seals.SEAL_LENGTH))


class JudgeTotal(Base):
    """One judge's total for one nomination (0–10), kept up to date by every score change.

    An aggregate of ``score`` made in SQL when scores are saved, so that ranking 50,000
    nominations reads 150,000 totals instead of re-aggregating 450,000 scores.
    """

    __tablename__ = "judge_total"
    __table_args__ = (Index("ix_judge_total_nomination", "nomination_id"),)

    judge_id: Mapped[int] = mapped_column(
        ForeignKey("judge.id", ondelete="CASCADE"), primary_key=True
    )
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("nomination.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[float] = mapped_column(Float)
    obstacles: Mapped[float | None] = mapped_column(Float)
    criteria_scored: Mapped[int] = mapped_column(Integer)


class NominationTotal(Base):
    """One judged nomination's result statistics and place, stored when scores change.

    Derived data (see services/results_cache.py), one row per accepted or shortlisted
    nomination of an event at the last refresh, scored or not. The primary key is the
    category and the row's ``position`` in the stored ranking (best first, unscored last by
    id), and the table is clustered on it (no rowid on SQLite), so a category's ranking is one
    ordered range read. ``number`` and ``nominee_id`` are the nomination's when stored, so
    ranking never reads the wide nomination rows; the event's results fingerprint covers them.
    """

    __tablename__ = "nomination_total"
    __table_args__ = (
        Index("ix_nomination_total_nomination", "nomination_id", unique=True),
        {"sqlite_with_rowid": False},
    )

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    nominee_id: Mapped[int] = mapped_column(Integer)
    judges: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    normalised: Mapped[float | None] = mapped_column(Float)
    median: Mapped[float | None] = mapped_column(Float)
    spread: Mapped[float | None] = mapped_column(Float)
    obstacles: Mapped[float | None] = mapped_column(Float)
    # Its place under the event's tie-break rules when no casting decision applies
    rank: Mapped[int | None] = mapped_column(Integer)
    tie: Mapped[bool] = mapped_column(Boolean, default=False)
    tie_break: Mapped[str | None] = mapped_column(String(20))


# The results fingerprint reads these columns of every judged nomination of an event; a
# covering index spares it the nomination rows themselves, which carry the long narratives.
Index("ix_nomination_results", Nomination.event_id, Nomination.category_id, Nomination.status,
      Nomination.number, Nomination.nominee_id)
# A growing file imported again: its rows already imported are found by their source id.
Index("ix_nomination_source", Nomination.event_id, Nomination.source_id)


class ResultsState(Base):
    """The fingerprint of everything an event's NominationTotal rows were computed from (which
    judges count, the ranking settings, and each judged nomination's category, number and
    young person) when they were last refreshed."""

    __tablename__ = "results_state"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64))


class ScoreComment(Base):
    """A judge's optional comment on a nomination."""

    __tablename__ = "score_comment"
    __table_args__ = (UniqueConstraint("judge_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    comment: Mapped[str] = mapped_column(Text, default="")


class Submission(Base):
    """A judge has submitted a category: their scores there are locked until unlocked."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("judge_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Conflict(Base):
    """A judge's conflict of interest with one nomination or with a young person."""

    __tablename__ = "conflict"
    __table_args__ = (
        CheckConstraint(
            "(nomination_id IS NOT NULL) OR (nominee_id IS NOT NULL)", name="has_subject"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(
        ForeignKey("nomination.id", ondelete="CASCADE")
    )
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominee.id", ondelete="CASCADE"))
    kind: Mapped[ConflictKind] = mapped_column(_enum(ConflictKind, "conflict_kind"))
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by: Mapped[str] = mapped_column(String(20), default="coordinator")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CastingDecision(Base):
    """The lead judge's order for nominations the tie-break rules could not separate."""

    __tablename__ = "casting_decision"
    __table_args__ = (UniqueConstraint("category_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("judge.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PreviousPlacement(Base):
    """A confirmed placement that was set aside when its category's results were reopened:
    kept so the Results page can show it beside the new one, and so that certificates
    issued before the reopening are flagged until they match again."""

    __tablename__ = "previous_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    placement: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    reopened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class ConfirmedPlacement(Base):
    """A confirmed result: where a nomination was placed in its category."""

    __tablename__ = "placement"
    __table_args__ = (UniqueConstraint("category_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    placement: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    normalised_score: Mapped[float | None] = mapped_column(Float)
    tie_break: Mapped[str | None] = mapped_column(String(20))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: digest of the placement and of the scores behind it, made at confirmation (db/seals.py)
    seal: Mapped[str | None] = mapped_column(String(seals.SEAL_LENGTH))


class Certificate(Base):
    """An issued certificate: what was printed, for whom, under which verification code.

    The printed fields are frozen when the certificate is issued, so a reprint is identical
    and ``awards verify`` answers with what the paper says. Only a correction (a new
    certificate, the old one revoked and pointing at it) changes them.
    """

    __tablename__ = "certificate"
    __table_args__ = (
        # One live certificate per nomination; revoked ones stay as history.
        Index(
            "uq_certificate_live_nomination",
            "nomination_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("nomination.id", ondelete="CASCADE"), index=True
    )
    #: 13 Crockford base32 symbols, no dashes (core.codes)
    code: Mapped[str] = mapped_column(String(13), unique=True)
    design: Mapped[str] = mapped_column(String(20))
    placement: Mapped[str] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(255))
    category_name: Mapped[str] = mapped_column(String(200))
    event_name: Mapped[str] = mapped_column(String(200))
    event_year: Mapped[int] = mapped_column(Integer)
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    sponsor_name: Mapped[str] = mapped_column(Text, default="")
    citation: Mapped[str] = mapped_column(Text, default="")
    verification_text: Mapped[str] = mapped_column(Text)
    #: the QR mask pattern (0–7) chosen at issue, so every rendering is fast and identical
    qr_mask: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_printed_at: Mapped[datetime | None] = mapped_column(DateTime)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="SET NULL")
    )
    #: digest of the protected values when the program last wrote them (db/seals.py)
    seal: Mapped[str | None] = mapped_column(String(seals.SEAL_LENGTH))


class CertificateLog(Base):
    """Every issue, print, reprint, revocation and correction of a certificate."""

    __tablename__ = "certificate_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class CertificateSettings(Base):
    """One event's certificate artwork, signatures and verification text template."""

    __tablename__ = "certificate_settings"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    page_size: Mapped[str] = mapped_column(String(10), default="A4")
    border_style: Mapped[str] = mapped_column(String(20), default="classic")
    accent_colour: Mapped[str] = mapped_column(String(7), default="#1F5C99")
    background_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    council_logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: what the QR holds, "{code}" standing for the code; empty means the code alone
    verify_template: Mapped[str] = mapped_column(String(300), default="{code}")
    signature1_name: Mapped[str] = mapped_column(String(200), default="")
    signature1_role: Mapped[str] = mapped_column(String(200), default="")
    signature1_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature2_name: Mapped[str] = mapped_column(String(200), default="")
    signature2_role: Mapped[str] = mapped_column(String(200), default="")
    signature2_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = version_column()
    __mapper_args__ = versioned(version)


for _sealed in (Score, Nominee, Judge, Certificate):
    seals.watch(_sealed)
