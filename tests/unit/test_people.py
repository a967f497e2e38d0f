"""Whom a proposer or sponsor as recorded means: a person's key, name or a post they hold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.people import Person, same_name
from tests.unit.governance import said

names = st.sampled_from(["Helen Carter", "helen  carter", "HCARTER", "CFO", " cfo ", "Chief"])


@given(names | st.text(max_size=8), st.lists(names | st.text(max_size=6), max_size=3))
def test_a_person_answers_to_their_key_name_or_post_as_same_name_says(
    text: str, posts: list[str]
) -> None:
    posts = [post for post in posts if post.strip()]
    person = Person.register(
        key="hcarter", name="Helen Carter", roles=(*posts, "CFO"), decision=said()
    )

    expected = any(same_name(text, name) for name in (person.key, person.name, *person.roles))
    assert person.answers_to(text) == expected


@given(names | st.text(max_size=8), st.lists(names | st.text(max_size=6), max_size=3))
def test_a_person_whose_posts_or_name_change_answers_to_the_new_ones(
    text: str, posts: list[str]
) -> None:
    person = Person.register(key="hcarter", name="Helen Carter", roles=("CFO",), decision=said())
    assert person.answers_to("cfo")
    person.roles = tuple(post for post in posts if post.strip())
    person.name = "Chief"

    expected = any(same_name(text, name) for name in ("hcarter", "Chief", *person.roles))
    assert person.answers_to(text) == expected
