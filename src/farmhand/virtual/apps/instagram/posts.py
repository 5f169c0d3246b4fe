"""Other people's Instagram posts: feed items drawn from the seeded generator, and the post
behind a ``/p/<code>/`` or ``/reel/<code>/`` link, always the same for the same code."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from farmhand.virtual.apps.kit.people import feed_clip, random_username, stable_int

_ALPHABET = string.ascii_letters + string.digits + "_-"


def code_for(number: int) -> str:
    """An 11-character shortcode, as Instagram links carry."""
    chars = []
    for _ in range(11):
        number, rest = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[rest])
    return "".join(reversed(chars))


def post_url(code: str) -> str:
    return f"https://www.instagram.com/p/{code}/"


@dataclass(frozen=True)
class IgPost:
    code: str
    author: str
    caption: str
    media: str  # photo | video
    likes: int
    comments: int
    sponsored: bool = False
    reel: bool = False

    @property
    def url(self) -> str:
        return post_url(self.code)


def post_for(code: str, reel: bool = False) -> IgPost:
    rng = random.Random(stable_int("igpost", code))
    clip = feed_clip(rng, plain=True)
    return IgPost(
        code=code,
        author=random_username(rng),
        caption=clip.caption,
        media="video" if reel or rng.random() < 0.4 else "photo",
        likes=clip.likes,
        comments=clip.comments,
        reel=reel,
    )


def feed_post(rng: random.Random, reel: bool = False) -> IgPost:
    """The next item of the home feed or the Reels tab: now and then a sponsored one."""
    clip = feed_clip(rng, plain=True)
    sponsored = rng.random() < 0.15
    author = random_username(rng) if not sponsored else f"{clip.author.split('_')[0]}.brand"
    return IgPost(
        code=code_for(rng.getrandbits(60)),
        author=author,
        caption=clip.caption,
        media="video" if reel or rng.random() < 0.4 else "photo",
        likes=clip.likes,
        comments=clip.comments,
        sponsored=sponsored,
        reel=reel,
    )
