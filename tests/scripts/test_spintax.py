from __future__ import annotations

import random

import pytest

from farmhand.scripts import spintax


def test_every_option_can_come_out_and_nothing_else() -> None:
    text = "Hi {there|you|{dear|lovely} friend}! 🔥"
    seen = {spintax.resolve(text, random.Random(seed)) for seed in range(300)}
    assert seen == {"Hi there! 🔥", "Hi you! 🔥", "Hi dear friend! 🔥", "Hi lovely friend! 🔥"}
    assert spintax.variants(text) == seen


def test_same_seed_same_caption() -> None:
    text = "{a|b|c|d|e|f}{1|2|3|4}"
    assert spintax.resolve(text, random.Random(5)) == spintax.resolve(text, random.Random(5))


def test_text_without_braces_is_unchanged_including_pipes() -> None:
    assert spintax.resolve("a | b #tag", random.Random(1)) == "a | b #tag"


def test_escapes_keep_braces_literal() -> None:
    assert spintax.resolve(r"\{x\} {a\|b}", random.Random(0)) == "{x} a|b"


def test_empty_option_is_allowed() -> None:
    assert spintax.variants("x{|!}") == {"x", "x!"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a|b", "unclosed '{' at position 1"),
        ("ok {a|{b}", "unclosed '{' at position 4"),
        ("a}b", "unmatched '}' at position 2"),
    ],
)
def test_malformed_spintax_names_the_position(text: str, message: str) -> None:
    with pytest.raises(spintax.SpintaxError, match=message):
        spintax.validate(text)


def test_title_split_for_photo_posts() -> None:
    assert spintax.split_title("My title ## the description #tag") == ("My title", "the description #tag")
    assert spintax.split_title("no title here") == ("", "no title here")
    assert spintax.split_title("a##b##c") == ("a", "b##c")
