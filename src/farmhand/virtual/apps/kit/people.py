"""The outside world a virtual app shows: other people's profiles, videos and sounds.

Everything here is derived from a stable hash of a name or id, so the same profile or video
looks the same on every phone and after every restart, without storing it. Feeds draw new
items from the phone's seeded random generator instead, so the same seed gives the same feed.

Naming conventions let tests and demos reach special accounts without extra knobs:

* a username starting with ``private`` is a private account (a follow becomes a request);
* a username containing ``friend`` already follows you (Follow back, then Friends);
* a username starting with ``ghost`` does not exist ("Couldn't find this account");
* a username starting with ``review`` makes Instagram ask "Review this account before following".
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

_FIRST = ["mia", "leo", "zoe", "max", "ava", "sam", "ivy", "kai", "noa", "eli", "ray", "liv", "jay", "ana"]
_TOPICS = [
    "dance",
    "cooking",
    "travel",
    "fitness",
    "cats",
    "diy",
    "music",
    "comedy",
    "fashion",
    "tech",
    "art",
]
_WORDS = ["best", "day", "vibes", "try", "this", "trick", "morning", "routine", "recipe", "weekend", "new"]
_ARTISTS = ["DJ Nova", "Luna Park", "The Echoes", "Mako", "Sunny Vale", "Kiro", "Blue Avenue"]
_SONGS = ["Golden Hour", "Midnight Drive", "Paper Planes", "Sugar Rush", "Neon Lights", "Slow Motion"]
_BRANDS = ["GlowSkin", "FitFuel", "TravelNest", "SnackBox", "PixelPhone"]


def stable_int(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def count_text(value: int) -> str:
    """12, 1234 → "1234", 12345 → "12.3K", 1234567 → "1.2M", as the apps abbreviate."""
    if value < 10_000:
        return str(value)
    if value < 1_000_000:
        return f"{value / 1000:.1f}K".replace(".0K", "K")
    return f"{value / 1_000_000:.1f}M".replace(".0M", "M")


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    followers: int
    following: int
    likes: int
    posts: int
    private: bool
    follows_you: bool
    exists: bool
    review: bool


def person(username: str) -> Person:
    lowered = username.strip().lstrip("@").lower()  # usernames are case-insensitive
    seed = stable_int("person", lowered)
    return Person(
        username=lowered,
        display_name=lowered.replace("_", " ").replace(".", " ").title() or "User",
        followers=seed % 250_000,
        following=(seed >> 20) % 2_000,
        likes=(seed >> 32) % 5_000_000,
        posts=(seed >> 12) % 300,
        private=lowered.startswith("private"),
        follows_you="friend" in lowered,
        exists=not lowered.startswith("ghost"),
        review=lowered.startswith("review"),
    )


@dataclass(frozen=True)
class Clip:
    """One item of a feed or one video page."""

    kind: str  # video | ad | live | card
    video_id: str
    author: str
    caption: str
    sound_title: str
    sound_artist: str
    likes: int
    comments: int
    brand: str = ""

    @property
    def url(self) -> str:
        return f"https://www.tiktok.com/@{self.author}/video/{self.video_id}"


def _words(rng: random.Random, topic: str | None) -> str:
    tag = topic or rng.choice(_TOPICS)
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 5)))
    return f"{words} #{tag.replace(' ', '')} #fyp"


def clip_for(author: str, video_id: str) -> Clip:
    """The video at a URL: always the same for the same author and id."""
    rng = random.Random(stable_int("clip", author.lower(), video_id))
    return Clip(
        kind="video",
        video_id=video_id,
        author=author,
        caption=_words(rng, None),
        sound_title=rng.choice(_SONGS),
        sound_artist=rng.choice(_ARTISTS),
        likes=rng.randint(10, 2_000_000),
        comments=rng.randint(0, 20_000),
    )


def random_username(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)}{rng.choice(['', '_', '.'])}{rng.choice(_TOPICS)}{rng.randint(1, 999)}"


def random_video_id(rng: random.Random) -> str:
    return str(rng.randint(7_100_000_000_000_000_000, 7_499_999_999_999_999_999))


def feed_clip(rng: random.Random, topic: str | None = None, plain: bool = False) -> Clip:
    """A new feed item: mostly videos, sometimes an ad, a LIVE or a suggestion card."""
    roll = 1.0 if plain else rng.random()
    kind = "ad" if roll < 0.12 else "live" if roll < 0.20 else "card" if roll < 0.25 else "video"
    author = random_username(rng)
    brand = ""
    caption = _words(rng, topic)
    if kind == "ad":
        brand = rng.choice(_BRANDS)
        author = brand.lower()
        caption = f"{brand}: {rng.choice(_WORDS)} deals this week"
    return Clip(
        kind=kind,
        video_id=random_video_id(rng),
        author=author,
        caption=caption,
        sound_title=rng.choice(_SONGS),
        sound_artist=rng.choice(_ARTISTS),
        likes=rng.randint(10, 2_000_000),
        comments=rng.randint(0, 20_000),
        brand=brand,
    )


@dataclass(frozen=True)
class Sound:
    sound_id: str
    title: str
    artist: str
    videos: int


def sound_for(slug_and_id: str) -> Sound:
    """The sound page of a ``/music/<slug>-<id>`` link."""
    slug, _, sound_id = slug_and_id.rpartition("-")
    if not slug or not sound_id.isdigit():
        slug, sound_id = slug_and_id, str(stable_int("sound", slug_and_id) % 10**19)
    title = slug.replace("-", " ").strip().title() or "Original Sound"
    seed = stable_int("sound", sound_id)
    return Sound(sound_id=sound_id, title=title, artist=_ARTISTS[seed % len(_ARTISTS)], videos=seed % 900_000)


def search_sounds(query: str) -> list[Sound]:
    base = query.strip() or "trending"
    return [
        Sound(
            str(stable_int("sound", base, str(i)) % 10**19),
            title,
            _ARTISTS[i % len(_ARTISTS)],
            1000 * (9 - i),
        )
        for i, title in enumerate([base.title(), f"{base.title()} (Remix)", f"{base.title()} - Slowed"])
    ]


def search_users(query: str) -> list[str]:
    base = query.strip().lstrip("@").replace(" ", "")
    if not base:
        return []
    return [base, f"{base}_official", f"{base}.fan", f"the{base}"]
