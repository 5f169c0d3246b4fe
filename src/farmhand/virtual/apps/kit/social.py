"""What both apps record when the active account follows, unfollows, likes or comments, and
the challenge (knob ``captcha``) that stands before a follow, a post or a comment until the
person solves it once in the app's session."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.kit.people import Person, person
from farmhand.virtual.apps.kit.screenkit import Screen, knob_on
from farmhand.virtual.apps.kit.signed_in import SignedInApp


class SocialApp(SignedInApp):
    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self._challenge_passed = False

    # --- the challenge ----------------------------------------------------------------------
    def gate(self, what: str) -> bool:
        """True if ``what`` (follow, post, comment) may go ahead; else the challenge shows."""
        if not knob_on(self.host, "captcha") or self._challenge_passed:
            return True
        self.push(self.challenge())
        self._effect("captcha_shown", on=what)
        return False

    def challenge(self) -> Screen:
        """The app's own challenge screen (TikTok's captcha, Instagram's human check)."""
        raise NotImplementedError

    def challenge_passed(self, screen: Screen) -> None:
        self._challenge_passed = True
        self.close(screen)
        self._effect("captcha_solved")

    def on_stop(self) -> None:
        super().on_stop()
        self._challenge_passed = False  # a new session asks again

    # --- what the account did ---------------------------------------------------------------
    def _record_follow(self, who: Person) -> None:
        """The active account follows ``who``, or asks to when the account is private."""
        me = self.data.current
        if who.private:
            self.data.put("requested", me, who.username, True)
            self._effect("follow_requested", username=who.username)
        else:
            self.data.put("following", me, who.username, True)
            self._effect("followed", username=who.username)
        self.save()

    def unfollow(self, username: str) -> None:
        """Stop following ``username``, or withdraw the request to."""
        username = person(username).username
        me = self.data.current
        was_following = self.data.put("following", me, username, False)
        was_requested = self.data.put("requested", me, username, False)
        if was_following or was_requested:
            self._effect("unfollowed", username=username)
            self.save()

    def _mark(self, kind: str, url: str, on: bool, effect: str) -> None:
        """Put ``url`` in or out of the account's ``kind`` list (liked, favorites); a change is
        journalled as ``effect`` or its "un" form."""
        if self.data.put(kind, self.data.current, url, on):
            self._effect(effect if on else f"un{effect}", url=url)
            self.save()

    def _record_comment(self, url: str, text: str, **extra: Any) -> None:
        self.data.comments(url).append({"account": self.data.current, "text": text, "time": self.host.now()})
        self._effect("commented", url=url, text=text, **extra)
        self.save()
