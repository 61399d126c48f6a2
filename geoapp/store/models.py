"""The data model in the users' words: regions, places, programmes, partnerships."""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

LANGUAGES = ("uk", "en", "ru", "kk", "ro")
REGION_LEVELS = ("country", "oblast", "raion", "hromada")
PLACE_KINDS = (
    "school", "vocational", "kindergarten", "stem_centre", "teacher_centre", "community",
    "authority",
)
PLACE_STATUSES = ("operating", "suspended", "closed")
LOCATION_PRECISIONS = ("exact", "city_district", "settlement", "community_centroid")
PARTNERSHIP_STATUSES = ("proposed", "active", "ended")
# The sections of the official list of territories of hostilities and occupation, mildest first.
REGION_STATUSES = ("possible_hostilities", "active_hostilities", "temporarily_occupied")
# Where a record stands in review: only published records are shown to the public.
REVIEW_STATES = ("pending", "published", "rejected", "withdrawn")
ROLES = ("editor", "reviewer", "administrator")


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Region(Base):
    """An administrative unit: country, oblast, raion or hromada."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    name_uk: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_ru: Mapped[str | None] = mapped_column(Text)
    name_kk: Mapped[str | None] = mapped_column(Text)
    name_ro: Mapped[str | None] = mapped_column(Text)
    # NOT NULL since migration 0004 (a trigger on SpatiaLite).
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=True, nullable=False),
                         nullable=False)


class Programme(Base):
    """A named initiative: sister cities, inter-municipal cooperation, STEM..."""

    __tablename__ = "programmes"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_uk: Mapped[str | None] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    name_ru: Mapped[str | None] = mapped_column(Text)
    name_kk: Mapped[str | None] = mapped_column(Text)
    name_ro: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


place_programmes = Table(
    "place_programmes",
    Base.metadata,
    Column("place_id", ForeignKey("places.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_code", ForeignKey("programmes.code"), primary_key=True, index=True),
)


class Place(Base):
    """A point on the map: a school, STEM centre, community, authority..."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    type: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    # Case-folded name: the same substring search on both stores (SQLite's LIKE
    # folds ASCII only, so Cyrillic would not match case-insensitively). Searched through
    # trigram indexes (migration 0005), not a B-tree: none answers "contains".
    name_folded: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True, default="operating")
    website: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    location_precision: Mapped[str] = mapped_column(String(24), default="exact")
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("POINT", srid=4326, spatial_index=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    review_state: Mapped[str] = mapped_column(String(16), default="published",
                                              server_default="published", index=True)


class Partnership(Base):
    """A link between two places under a programme."""

    __tablename__ = "partnerships"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    place_a_id: Mapped[str] = mapped_column(ForeignKey("places.id"), index=True)
    place_b_id: Mapped[str] = mapped_column(ForeignKey("places.id"), index=True)
    programme_code: Mapped[str | None] = mapped_column(ForeignKey("programmes.code"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    areas: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("LINESTRING", srid=4326, spatial_index=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    review_state: Mapped[str] = mapped_column(String(16), default="published",
                                              server_default="published", index=True)


class Revision(Base):
    """How many loads have changed one kind of record; caches compare it."""

    __tablename__ = "revisions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)


class RegionStatus(Base):
    """A dated status of a region (or settlement) in one edition of the official list."""

    __tablename__ = "region_statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # A KATOTTG code: a region of the store, or a settlement, which is no region here.
    region_code: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    edition_date: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str | None] = mapped_column(Text)


def fold(name: str) -> str:
    """Return the form of a name used for search."""
    return " ".join(name.casefold().replace("’", "'").replace("ʼ", "'").split())


# Activities: dated events and documented practices of places, partnerships, programmes.
ACTIVITY_KINDS = ("meeting", "training", "signing", "visit", "contest", "meetup", "launch",
                  "practice")
DATE_PRECISIONS = ("day", "week", "month", "year")
# Areas of cooperation, shared by partnerships and activities.
AREAS = ("education", "research", "youth_sport", "culture", "inclusion", "social",
         "infrastructure", "governance", "safety", "economy")


class Activity(Base):
    """A dated event or a documented practice at places or of a partnership.

    ``place_ids`` lists its places as given (``;``-separated); ``activity_places`` holds
    the same links for queries, and a writer changes both. ``version`` and
    ``review_state`` are those of every edited record: only published activities are shown.
    """

    __tablename__ = "activities"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    title_uk: Mapped[str | None] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    title_ru: Mapped[str | None] = mapped_column(Text)
    title_kk: Mapped[str | None] = mapped_column(Text)
    title_ro: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    place_ids: Mapped[str | None] = mapped_column(Text)
    partnership_id: Mapped[str | None] = mapped_column(ForeignKey("partnerships.id"),
                                                       index=True)
    programme_code: Mapped[str | None] = mapped_column(ForeignKey("programmes.code"), index=True)
    areas: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    review_state: Mapped[str] = mapped_column(String(16), default="published",
                                              server_default="published", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    geom = mapped_column(Geometry("MULTIPOINT", srid=4326, spatial_index=True))


activity_places = Table(
    "activity_places",
    Base.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("places.id"), primary_key=True, index=True),
)
class User(Base):
    """Someone who writes: an editor, a reviewer or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# The regions an editor or reviewer may write in: each with everything below it.
user_regions = Table(
    "user_regions",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_code", ForeignKey("regions.code"), primary_key=True),
)


class ApiToken(Base):
    """A bearer token for the API, made by a user on their page; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Change(Base):
    """One change of one record: who, when, what (before and after, JSON) and why.

    Keyed by the kind of record and its id, so that any versioned table (places,
    partnerships, activities...) keeps its history here.
    """

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_record", "record_kind", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
