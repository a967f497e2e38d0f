"""People: who may sit on boards, hold delegated authority, and decide under it.

A person is registered under a short key of their own (``hcarter``), with
their name and the roles (posts) they hold. Governed decisions name people by
key; the record shows their registered name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.change_words import listed_words
from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import (
    MAX_NAME,
    DecidedEvent,
    Decision,
    check_not_future,
)
from portfolio_ledger.domain.errors import InvalidDecision, SegregationOfDuties
from portfolio_ledger.domain.keys import normalise_person_key, person_id
from portfolio_ledger.domain.lookalikes import as_latin

MAX_ROLES = 20


def same_name(a: str, b: str) -> bool:
    """Whether two names or posts are the same as they show, ignoring case and spacing."""
    return not forms(a).isdisjoint(forms(b))


@lru_cache(maxsize=1 << 14)  # the same few names are compared at every governed decision
def forms(text: str) -> frozenset[str]:
    """A name or post as :func:`same_name` compares it: two texts are the same if any is.

    As it shows in no case (:func:`folded`), and with each letter that shows as a Latin
    one read as that letter (:func:`~portfolio_ledger.domain.lookalikes.as_latin`): Marcus
    Lee typed with a Cyrillic a is Marcus Lee, and a name in Greek is itself in capitals.
    """
    shown = _shown(text)
    return frozenset((shown.casefold(), " ".join(as_latin(shown).split())))


@lru_cache(maxsize=1 << 14)
def named_in(text: str) -> frozenset[str]:
    """The parts of a sponsor, proposer or owner text that joins several, in :func:`forms`.

    Each part between ``,``, ``;``, ``/``, ``&``, ``+`` or a word ``and``; none for a
    text of one part. A part means a person when it is their key, registered name or
    label (:func:`own_names`), not a post: an item sponsored by "Paul King and Helen
    Carter" is sponsored by each of them, but one sponsored by the "Director of Finance
    and Digital" (one post) is not sponsored by the Director of Finance, nor one by "Jane
    Doe, Director General" by every Director General (only by Jane Doe).
    """
    parts = [part for part in _JOINS.split(_shown(text)) if part.strip()]
    return frozenset().union(*map(forms, parts)) if len(parts) > 1 else frozenset()


_JOINS = re.compile(r"\s*[,;/&+]\s*|\s+and\s+", re.IGNORECASE)
"""What joins two people or posts in one text."""


def folded(text: str) -> str:
    """A name or post as it shows, ignoring case and spacing (one of its :func:`forms`).

    Compatibility forms are read as what they show (NFKC: U+FF2D, a full-width M, is ``M``, the
    ligature U+FB01 is ``fi``, a no-break space a space) and characters that show nothing
    (zero-width spaces and joiners, soft hyphens, variation selectors: Unicode's default
    ignorable characters) are left out, so text that shows as a person's name is their
    name. Segregation of duties errs on the side of refusing.
    """
    return _shown(text).casefold()


def _shown(text: str) -> str:
    shown = "".join(
        c
        for c in unicodedata.normalize("NFKC", text).translate(_UNSEEN)
        if unicodedata.category(c) != "Cf"
    )
    return " ".join(shown.split())


_UNSEEN = {
    **dict.fromkeys(
        [
            0x034F,  # combining grapheme joiner
            0x17B4,  # Khmer inherent vowels
            0x17B5,
            *range(0x180B, 0x1810),  # Mongolian free variation selectors
            0x2065,
            *range(0xFE00, 0xFE10),  # variation selectors
            *range(0xE0000, 0xE1000),  # tags, variation selectors supplement
        ]
    ),
    **dict.fromkeys([0x115F, 0x1160, 0x3164, 0xFFA0], " "),  # Hangul fillers show as a blank
}
"""Unicode's default-ignorable characters that are not format characters (Cf): they show as
nothing, and are left out; a Hangul filler shows as a blank, and is a space."""


@lru_cache(maxsize=1 << 12)  # a few people, asked about at every governed decision
def _names_of(key: str, name: str, roles: tuple[str, ...]) -> frozenset[str]:
    """Everything that means a person (key, name, roles, label), in each of its :func:`forms`.

    The label is their name and key as the ledger writes them (``Marcus Lee (mlee)``, in
    every refusal): text copied from the ledger's own words is that person, not nobody.
    A distinguishing name (``Marcus Lee (Finance)``) is not a label unless the brackets
    hold their key.
    """
    return frozenset().union(forms(key), forms(name), forms(_label(name, key)), *map(forms, roles))


@lru_cache(maxsize=1 << 12)
def own_names(key: str, name: str) -> frozenset[str]:
    """A person's key, name and label, in each of its :func:`forms`: not the posts they hold."""
    return frozenset().union(forms(key), forms(name), forms(_label(name, key)))


def names_of(key: str, name: str, roles: tuple[str, ...]) -> frozenset[str]:
    """Everything that means a person of this key, name and roles (as ``Person.names()``)."""
    return _names_of(key, name, roles)


def _label(name: str, key: str) -> str:
    """``Helen Carter (hcarter)``: how the ledger names a person."""
    return f"{name} ({key})"


@dataclass(frozen=True)
class PersonEvent(DecidedEvent):
    """Base of every event about a person."""

    subject_kind: ClassVar[str] = "person"


@dataclass(frozen=True)
class PersonRegistered(PersonEvent, AggregateCreated):
    """A person was registered: their key, their name and the roles they hold."""

    key: str
    name: str
    roles: tuple[str, ...]
    label: ClassVar[str] = "person registered"
    correctable: ClassVar[frozenset[str]] = frozenset({"name", "roles"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("holds", "roles"),)

    def change(self, aggregate: Any) -> None:
        """Set up the person."""
        person: Person = aggregate
        person.key = self.key
        person.name = self.name
        person.roles = self.roles
        person.registered_on = self.decision.effective_date

    def describe(self) -> str:
        """Who, and what they hold."""
        roles = f"; holds {listed_words(self.roles)}" if self.roles else ""
        return f"{self.name} ({self.key}) registered{roles}"


class Person(DecidedAggregate):
    """Someone who takes part in governance."""

    def start(self) -> None:
        """Before they were registered."""
        super().start()
        self.name: str = ""
        self.roles: tuple[str, ...] = ()
        self.registered_on: date = date.min

    @classmethod
    def register(cls, *, key: str, name: str, roles: tuple[str, ...], decision: Decision) -> Person:
        """Register a person under a key of their own."""
        key = normalise_person_key(key)
        check_not_future(key, decision, PersonRegistered.create_timestamp())
        if not name.strip() or len(name) > MAX_NAME:
            raise InvalidDecision(
                f"the name of person {key} is required, at most {MAX_NAME} characters"
            )
        if len(roles) > MAX_ROLES or any(not role.strip() for role in roles):
            raise InvalidDecision(f"give {key} at most {MAX_ROLES} roles, none of them blank")
        return cls._create(
            PersonRegistered,
            id=person_id(key),
            key=key,
            name=name.strip(),
            roles=tuple(role.strip() for role in roles),
            decision=decision,
        )

    def answers_to(self, text: str) -> bool:
        """Whether ``text`` (an actor, a proposer or sponsor as recorded) means this person.

        It does when it is their key, their registered name, a role they
        hold (an item sponsored by "Chief Finance Officer" is sponsored by
        whoever holds that post), or their name and key as the ledger writes
        them (``Marcus Lee (mlee)``), ignoring case and spacing.
        """
        return not forms(text).isdisjoint(self.names())

    def named_by(self, text: str) -> bool:
        """Whether a proposer, sponsor or owner ``text`` means them, alone or among others.

        As :meth:`answers_to`, or a part of a text joining several is their key, name or
        label (:func:`named_in`): "Paul King and Helen Carter" names Paul King.
        """
        return self.answers_to(text) or not named_in(text).isdisjoint(self.own_names())

    def own_names(self) -> frozenset[str]:
        """Their key, name and label (``names()`` without the posts they hold)."""
        return own_names(self.key, self.name)

    def names(self) -> frozenset[str]:
        """Everything that means this person (key, name, roles, label), in each of its ``forms``."""
        return _names_of(self.key, self.name, tuple(self.roles))

    def label(self) -> str:
        """``Helen Carter (hcarter)``."""
        return _label(self.name, self.key)


def check_not_by_themselves(put_right: tuple[Person, Person], actor: str, what: str) -> None:
    """Refuse a person putting right their own registration (``what``: ``correct position 5``).

    ``put_right``: the person before and after. Who a person is (their name, the posts
    they hold) is what segregation of duties compares with an item's proposer and
    sponsor: changed by themselves, the holder of the post that sponsors an item could
    drop it and then approve the item. They are the actor when its text is their key,
    name or a post they hold, before the correction or after it.
    """
    before, after = put_right
    if not (before.answers_to(actor) or after.answers_to(actor)):
        return
    raise SegregationOfDuties(
        f"{before.label()} may not {what} on themselves (segregation of duties: who a "
        "person is, their name and the posts they hold, decides what they may not decide); "
        "someone else records it (--actor). Nothing was written."
    ).naming_fields("actor")
