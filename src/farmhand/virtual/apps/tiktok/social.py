"""TikTok's social effects: follows (with the silent refusal of ``action_blocked``), likes,
favourites, comments, and the captcha that stands before them (knob ``captcha``)."""

from __future__ import annotations

from farmhand.virtual.apps.kit.people import (
    Clip,
    person,
)
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import Screen, knob_on
from farmhand.virtual.apps.kit.social import SocialApp
from farmhand.virtual.apps.tiktok.core import TikTokCore


class TikTokSocial(TikTokCore, SocialApp):
    def challenge(self) -> Screen:
        """A WebView captcha, its variant drawn from the phone's seed."""
        from farmhand.virtual.apps.tiktok.guards import CaptchaScreen

        return CaptchaScreen(self, self.host.rng.choice(("puzzle", "puzzle", "rotate", "web")))

    # --- follows, likes, favourites, comments -----------------------------------------------
    def is_following(self, username: str) -> bool:
        username = person(username).username
        me = self.data.current
        return username in self._refused or self.data.has("following", me, username)

    def follow_state(self, username: str) -> str:
        """The label key of the Follow button: follow, follow_back, following, friends, requested."""
        username = person(username).username
        who = person(username)
        if self.is_following(username):
            return "friends" if who.follows_you else "following"
        if self.data.has("requested", self.data.current, username):
            return "requested"
        return "follow_back" if who.follows_you else "follow"

    def follow(self, username: str) -> None:
        who = person(username)
        username = who.username
        me = self.data.current
        if not who.exists or me is None or username == me or self.is_following(username):
            return
        if not self.gate("follow"):
            return
        if knob_on(self.host, "action_blocked"):
            # TikTok shows success, then the follow is gone on refresh (server code 2098).
            self._refused.add(username)
            self.host.toast(self.s("following_too_fast"))
            self._effect("follow_refused", username=username)
            return
        self._record_follow(who)

    def unfollow(self, username: str) -> None:
        self._refused.discard(person(username).username)
        super().unfollow(username)

    def follow_button(self, username: str) -> None:
        """A tap on a Follow/Following button: follow, or confirm and unfollow."""
        if self.follow_state(username) in ("following", "friends", "requested"):
            self.push(
                Prompt(
                    self,
                    "unfollow_confirm",
                    self.s("unfollow_title", name=username),
                    "",
                    (Choice("unfollow", lambda: self.unfollow(username)), Choice("cancel")),
                    sheet=True,
                )
            )
        else:
            self.follow(username)

    def refresh_follow(self, username: str) -> None:
        self._refused.discard(username)

    def set_like(self, clip: Clip, liked: bool) -> None:
        if clip.kind in ("live", "card"):
            return
        self._mark("liked", clip.url, liked, "liked")

    def set_favorite(self, clip: Clip, favorite: bool) -> None:
        self._mark("favorites", clip.url, favorite, "favorited")

    def comment(self, clip: Clip, text: str) -> bool:
        if not self.gate("comment"):
            return False
        if knob_on(self.host, "action_blocked"):
            self.host.toast(self.s("try_again_later"))
            self._effect("comment_refused", url=clip.url, text=text)
            return False
        self._record_comment(clip.url, text)
        return True
