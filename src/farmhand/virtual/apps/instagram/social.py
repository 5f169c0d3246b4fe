"""Instagram's social effects: follows (with the review pop-up and private requests), likes,
comments, the block dialogs of ``action_blocked`` and the human check of ``captcha``."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.apps.instagram.core import InstagramCore
from farmhand.virtual.apps.instagram.posts import IgPost
from farmhand.virtual.apps.kit.people import person
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import Screen, knob_on
from farmhand.virtual.apps.kit.social import SocialApp


class InstagramSocial(InstagramCore, SocialApp):
    # --- gates: captcha and blocks ----------------------------------------------------------
    def challenge(self) -> Screen:
        """ "Confirm you're human"."""
        from farmhand.virtual.apps.instagram.guards import HumanCheckScreen

        return HumanCheckScreen(self)

    def refused(self, what: str, **data: Any) -> bool:
        """True (and the block dialog shows) if the ``action_blocked`` knob refuses ``what``."""
        from farmhand.virtual.apps.instagram.guards import BlockDialog

        if not knob_on(self.host, "action_blocked"):
            return False
        self.push(BlockDialog(self, self.host.rng.choice(("try_again_later", "action_blocked"))))
        self._effect(f"{what}_refused", **data)
        return True

    # --- follows, likes, comments -----------------------------------------------------------
    def follow_state(self, username: str) -> str:
        username = person(username).username
        me = self.data.current
        if self.data.has("following", me, username):
            return "following"
        if self.data.has("requested", me, username):
            return "requested"
        return "follow_back" if person(username).follows_you else "follow"

    def follow(self, username: str, reviewed: bool = False) -> None:
        who = person(username)
        username = who.username
        me = self.data.current
        if not who.exists or me is None or username == me:
            return
        if self.follow_state(username) not in ("follow", "follow_back"):
            return
        if not self.gate("follow"):
            return
        if who.review and not reviewed:
            from farmhand.virtual.apps.instagram.guards import review_prompt

            self.push(review_prompt(self, username))
            return
        if self.refused("follow", username=username):
            return
        self._record_follow(who)
        if knob_on(self.host, "not_now_prompts") and not self._asked_notifications:
            self._asked_notifications = True
            self.push(
                Prompt(
                    self,
                    "notifications",
                    "notifications_title",
                    "notifications_body",
                    (Choice("turn_on"), Choice("not_now", rid="negative_button")),
                )
            )

    def set_like(self, post: IgPost, liked: bool) -> None:
        if liked and self.refused("like", url=post.url):
            return
        self._mark("liked", post.url, liked, "liked")

    def comment(self, post: IgPost, text: str, link: str | None = None) -> bool:
        if not self.gate("comment"):
            return False
        if self.refused("comment", url=post.url, text=text):
            return False
        extra = {"link": link} if link and link != post.url else {}
        self._record_comment(post.url, text, **extra)
        return True
