"""The virtual TikTok app (Global ``com.zhiliaoapp.musically`` and Asia ``com.ss.android.ugc.trill``):
intent routing (launcher, share intents, tiktok.com links), navigation between screens and the
pop-ups of a cold start. Follows, likes and comments are in :mod:`.social`, posting in
:mod:`.posting`, the shared state and accounts in :mod:`.core`.
"""

from __future__ import annotations

import random
from typing import Any

from farmhand.virtual.app import Intent, IntentFilter
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.people import (
    Clip,
    Sound,
    clip_for,
    feed_clip,
    random_username,
    random_video_id,
    sound_for,
    stable_int,
)
from farmhand.virtual.apps.kit.screenkit import Screen, knob_on, split_url
from farmhand.virtual.apps.tiktok import activities as act
from farmhand.virtual.apps.tiktok.posting import TikTokPosting
from farmhand.virtual.apps.tiktok.social import TikTokSocial


class TikTokApp(TikTokPosting, TikTokSocial):
    package = act.GLOBAL_PACKAGE
    label = "TikTok"
    version_name = "43.1.4"
    launcher_activity = act.SPLASH
    version_code = 2024301040
    activities = act.ALL
    intent_filters = (
        IntentFilter(act.SHARE, (act.ACTION_SEND, act.ACTION_SEND_MULTIPLE), ("video/*", "image/*")),
        IntentFilter(act.DEEP_LINK, (act.ACTION_VIEW,), (), act.LINK_HOSTS),
    )

    # --- intents ----------------------------------------------------------------------------
    def launch(self, intent: Intent) -> None:
        self._ensure_account()
        cold = not self._alive
        self._alive = True
        if self.stack:
            return  # brought to the front as it was
        if not self.logged_in():
            self.open_login(replace=True)
            return
        self.go_home()
        if cold:
            self._cold_start_prompts()
        self._first_run_permissions()

    def route(self, intent: Intent) -> None:
        self._ensure_account()
        self._alive = True
        component = (intent.component or "").split("/", 1)[-1]
        sending = intent.action in (act.ACTION_SEND, act.ACTION_SEND_MULTIPLE)
        if not self.logged_in():
            self.open_login(replace=not self.stack)
        elif component == act.SHARE or (sending and not component):
            self._share(intent)
        elif intent.action == act.ACTION_VIEW and intent.data:
            self._open_link(intent.data)
        else:
            self.launch(intent)

    def _share(self, intent: Intent) -> None:
        uris = intent.streams or ([intent.data] if intent.data else [])
        found = [self.host.media_by_uri(uri) for uri in uris]
        media = [item for item in found if item is not None]
        if not media or len(media) != len(found):
            self.host.toast("Couldn't load this file")
            if not self.stack:
                self.go_home()
            return
        from farmhand.virtual.apps.tiktok.editor import EditorScreen

        self.push(EditorScreen(self, Draft(media=media, via="share")))

    def _open_link(self, url: str) -> None:
        host, parts, _query = split_url(url)
        if not self.stack:
            self.go_home()
        if url.startswith("snssdk1233://user/profile/") and parts:
            self.open_profile(parts[-1])
        elif host.startswith("vm.") or (parts and parts[0] == "t" and len(parts) > 1):
            code = parts[-1] if parts else host
            rng = random.Random(stable_int("short", code))
            self.open_video([clip_for(random_username(rng), random_video_id(rng))], 0, link=url)
        elif parts and parts[0].startswith("@") and len(parts) >= 3 and parts[1] in ("video", "photo"):
            self.open_video([clip_for(parts[0][1:], parts[2])], 0, link=url)
        elif parts and parts[0].startswith("@") and len(parts[0]) > 1:
            self.open_profile(parts[0][1:])
        elif len(parts) >= 2 and parts[0] == "music":
            self.open_sound(sound_for(parts[1]))

    # --- navigation -------------------------------------------------------------------------
    def go_home(self) -> None:
        from farmhand.virtual.apps.tiktok.home import HomeScreen

        self.stack.clear()
        self.push(HomeScreen(self))

    def switch_tab(self, tab: str) -> None:
        from farmhand.virtual.apps.tiktok.home import FriendsScreen, HomeScreen, InboxScreen
        from farmhand.virtual.apps.tiktok.profile import OwnProfileScreen

        if tab == "create":
            self.open_camera(None)
            return
        roots: dict[str, type[Screen]] = {
            "home": HomeScreen,
            "friends": FriendsScreen,
            "inbox": InboxScreen,
            "profile": OwnProfileScreen,
        }
        self.stack.clear()
        self.push(roots.get(tab, HomeScreen)(self))

    def open_login(self, replace: bool = False) -> None:
        from farmhand.virtual.apps.tiktok.guards import LoginScreen

        if replace:
            self.stack.clear()
        self.push(LoginScreen(self))

    def open_profile(self, username: str) -> None:
        from farmhand.virtual.apps.tiktok.profile import ProfileScreen

        if username.lstrip("@") == self.data.current:
            self.switch_tab("profile")
            return
        self.push(ProfileScreen(self, username.lstrip("@")))

    def open_video(self, clips: list[Clip], index: int, link: str | None = None) -> None:
        from farmhand.virtual.apps.tiktok.video import VideoScreen

        self.push(VideoScreen(self, list(clips), index, link))

    def next_related(self, clip: Clip) -> Clip:
        return feed_clip(self.host.rng, plain=True)

    def open_sound(self, sound: Sound) -> None:
        from farmhand.virtual.apps.tiktok.sound import SoundScreen

        self.push(SoundScreen(self, sound))

    def open_sound_of(self, clip: Clip) -> None:
        slug = clip.sound_title.lower().replace(" ", "-")
        self.open_sound(sound_for(f"{slug}-{stable_int('sound', clip.sound_title) % 10**19}"))

    def open_camera(self, sound: dict[str, Any] | None) -> None:
        from farmhand.virtual.apps.tiktok.create import CameraScreen

        self.push(CameraScreen(self, sound))

    def open_search(self) -> None:
        from farmhand.virtual.apps.tiktok.search import SearchScreen

        self.push(SearchScreen(self))

    def open_live(self, clip: Clip | None) -> None:
        from farmhand.virtual.apps.tiktok.home import LiveScreen

        self.push(LiveScreen(self, clip or feed_clip(self.host.rng, plain=True)))

    # --- pop-ups ----------------------------------------------------------------------------
    def _cold_start_prompts(self) -> None:
        from farmhand.virtual.apps.tiktok.home import HOME_PROMPTS, home_prompt

        if not knob_on(self.host, "not_now_prompts"):
            return
        count = self.host.rng.randint(1, 2)
        for kind in self.host.rng.sample(HOME_PROMPTS, count):
            self.push(home_prompt(self, kind))

    def _first_run_permissions(self) -> None:
        if self.data.flag("contacts_asked"):
            return
        self.data.set_flag("contacts_asked")
        self.save()
        self.ask_permission(
            act.PERM_CONTACTS,
            "Allow TikTok to access your contacts?",
            lambda _granted: self.ask_permission(
                act.PERM_NOTIFICATIONS, "Allow TikTok to send you notifications?", lambda _g: None
            ),
        )


class TikTokAsiaApp(TikTokApp):
    """The Asia build: the same app under another package."""

    package = act.ASIA_PACKAGE
    label = "TikTok"
