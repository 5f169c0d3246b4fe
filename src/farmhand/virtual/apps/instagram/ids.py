"""Instagram resource ids per id profile: readable names that change rarely (notes 5.1).
``ig-410`` follows the v410 dumps, ``ig-300`` the GramAddict-era names where they differ."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

PROFILES = ("ig-410", "ig-300")

# Only the differences; every other key is its own id name in both profiles.
IG300: dict[str, str] = {
    "layout_comment_thread_edittext_multiline": "layout_comment_thread_edittext",
    "profile_header_followers_stacked_familiar": "row_profile_header_textview_followers_count",
    "share_button": "share_footer_button",
    "profile_header_posts_stacked_familiar": "row_profile_header_textview_post_count",
    "profile_header_following_stacked_familiar": "row_profile_header_textview_following_count",
}


class IdTable(Mapping[str, str]):
    """A semantic key (the v410 id name) → the id name of the active profile."""

    def __init__(self, profile: str) -> None:
        self._overrides = IG300 if profile == "ig-300" else {}

    def __getitem__(self, key: str) -> str:
        return self._overrides.get(key, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._overrides)

    def __len__(self) -> int:
        return len(self._overrides)
