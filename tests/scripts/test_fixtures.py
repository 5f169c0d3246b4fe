"""Selector resolution on recorded screens of each id profile (``fixtures/<profile>/<screen>.xml``,
recorded from the virtual apps by ``fixtures/record.py``): the tables must find the right node
whether the build has v43 ids, v35 ids, no ids at all, or Instagram's current or older ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from farmhand.domain import Platform
from farmhand.scripts.session import selectors_for
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement, parse_hierarchy

FIXTURES = Path(__file__).parent / "fixtures"
TIKTOK_PROFILES = ("tiktok-43", "tiktok-35", "tiktok-noids")
IG_PROFILES = ("ig-410", "ig-300")
VERSIONS = {"tiktok": ("43.1.4", None), "ig": ("410.0.0.53.71", "300.0.0.29.110", None)}

Check = Callable[[UiElement], bool]


def load(profile: str, screen: str) -> Hierarchy:
    return parse_hierarchy((FIXTURES / profile / f"{screen}.xml").read_text(encoding="utf-8"))


def is_(
    cls: str = "", text: str | None = None, desc: str | None = None, clickable: bool | None = None
) -> Check:
    def check(el: UiElement) -> bool:
        return (
            el.cls.endswith(cls)
            and (text is None or el.text == text)
            and (desc is None or el.desc == desc)
            and (clickable is None or el.clickable == clickable)
        )

    return check


TIKTOK_EXPECTED: list[tuple[str, str, Check | None]] = [
    ("home", "nav.create", is_(desc="Create")),
    ("home", "nav.profile", is_(desc="Profile")),
    ("home", "home.search", is_(desc="Search")),
    ("camera", "camera.upload", lambda el: el.label in ("Upload", "Gallery") and el.clickable),
    ("camera", "camera.record", is_(desc="Record video")),
    ("gallery", "gallery.next", lambda el: el.text.startswith("Next")),
    ("gallery", "gallery.select_multiple", lambda el: el.label == "Select multiple"),
    ("gallery", "gallery.thumbnail", is_("ImageView", clickable=True)),
    ("editor", "editor.next", lambda el: el.label == "Next"),
    ("editor", "editor.your_story", lambda el: el.label == "Your Story"),
    ("editor", "editor.add_sound", lambda el: el.desc in ("Add sound", "Music") or el.text == "Add sound"),
    ("post", "post.caption", is_("EditText")),
    ("post", "post.button", lambda el: el.desc == "Post" and el.clickable),
    ("post", "post.drafts", lambda el: "draft" in el.label.lower()),
    ("profile.before", "profile.follow", is_(text="Follow", clickable=True)),
    ("profile.before", "profile.username", is_(text="@carol")),
    ("profile.before", "profile.following", None),  # the "Following" stat is not the button
    ("profile", "profile.follow", None),
    ("profile", "profile.following", is_("Button", text="Following")),
    ("comments", "comments.input", is_("EditText")),
    ("comments", "comments.send", lambda el: el.desc in ("Post", "Post comment") and el.clickable),
    ("search", "search.input", is_("EditText")),
    ("search", "search.submit", is_("TextView", text="Search")),
]

IG_EXPECTED: list[tuple[str, str, Check | None]] = [
    (
        "home",
        "nav.create",
        lambda el: el.clickable and (el.desc == "Create" or el.res_id.endswith("creation_tab")),
    ),
    ("home", "nav.profile", lambda el: el.res_id.endswith("profile_tab") or el.desc == "Profile"),
    ("home", "nav.search", lambda el: el.res_id.endswith("search_tab") or el.desc == "Search and explore"),
    ("editor", "editor.next", lambda el: el.label == "Next"),
    ("share", "share.caption", lambda el: el.res_id.endswith("caption_input_text_view")),
    ("share", "share.button", lambda el: el.desc == "Share" and el.clickable),
    ("share", "share.save_draft", lambda el: "draft" in el.label.lower() or "save_draft" in el.res_id),
    ("story", "story.your_story", lambda el: el.label == "Your story" and el.center[1] > 2400 * 0.65),
    ("gallery", "gallery.thumbnail", lambda el: el.clickable),
    ("gallery", "gallery.next", lambda el: el.label == "Next"),
    ("profile.before", "profile.follow", is_(text="Follow")),
    ("profile.before", "profile.following", None),
    ("profile.before", "profile.username", lambda el: el.res_id.endswith("action_bar_title")),
    ("profile", "profile.follow", None),
    ("profile", "profile.following", is_(text="Following")),
    ("comments", "comments.input", is_("EditText")),
    ("comments", "comments.send", lambda el: el.label == "Post" or "post_button" in el.res_id),
]


def cases(profiles: tuple[str, ...], expected: list[tuple[str, str, Check | None]], family: str) -> list:  # type: ignore[type-arg]
    return [
        pytest.param(profile, version, screen, element, check, id=f"{profile}-{version}-{screen}-{element}")
        for profile in profiles
        for version in VERSIONS[family]
        for screen, element, check in expected
    ]


@pytest.mark.parametrize(
    ("profile", "version", "screen", "element", "check"),
    cases(TIKTOK_PROFILES, TIKTOK_EXPECTED, "tiktok") + cases(IG_PROFILES, IG_EXPECTED, "ig"),
)
def test_element_resolves_to_the_right_node(
    profile: str, version: str | None, screen: str, element: str, check: Check | None
) -> None:
    platform = Platform.TIKTOK if profile.startswith("tiktok") else Platform.INSTAGRAM
    selectors = selectors_for(platform, version)
    h = load(profile, screen)
    found = selectors.find(h, element)
    if check is None:
        assert found is None, found.element.describe() if found else ""
        return
    assert found is not None, f"{element} not found on {profile}/{screen}"
    assert check(found.element), found.element.describe()


@pytest.mark.parametrize("profile", TIKTOK_PROFILES + IG_PROFILES)
def test_each_recorded_screen_is_recognised_as_itself(profile: str) -> None:
    platform = Platform.TIKTOK if profile.startswith("tiktok") else Platform.INSTAGRAM
    selectors = selectors_for(platform)
    for path in sorted((FIXTURES / profile).glob("*.xml")):
        assert selectors.screen(load(profile, path.stem)) == path.stem.split(".")[0], path


def test_the_gallery_grid_lists_every_thumbnail_in_order() -> None:
    for profile in TIKTOK_PROFILES:
        thumbs = selectors_for(Platform.TIKTOK).find_all(load(profile, "gallery"), "gallery.thumbnail")
        assert thumbs, profile
        tops = [(el.bounds[1], el.bounds[0]) for el in thumbs]
        assert tops == sorted(tops), profile  # reading order: newest first
