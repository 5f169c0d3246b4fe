"""The virtual TikTok app (Global ``com.zhiliaoapp.musically`` and Asia ``com.ss.android.ugc.trill``):
intent routing, navigation between screens, the effects of follows, likes, comments and
posts on the app's state and the phone's journal, and the uploads that advance with the clock.
"""

from __future__ import annotations

import random
from typing import Any

from farmhand.virtual.app import AppHost, Intent, IntentFilter
from farmhand.virtual.apps.tiktok import activities as act
from farmhand.virtual.apps.tiktok import ids
from farmhand.virtual.apps.tiktok.appstate import AppState
from farmhand.virtual.apps.tiktok.draft import Draft
from farmhand.virtual.apps.tiktok.people import (
    Clip,
    Sound,
    clip_for,
    feed_clip,
    person,
    random_username,
    random_video_id,
    sound_for,
    stable_int,
)
from farmhand.virtual.apps.tiktok.prompts import Choice, Prompt
from farmhand.virtual.apps.tiktok.screenkit import (
    Screen,
    ScreenApp,
    Ui,
    knob_float,
    knob_on,
    knob_text,
    split_url,
)
from farmhand.virtual.apps.tiktok.strings import EN, strings_for
from farmhand.virtual.apps.tiktok.upload import Upload
from farmhand.virtual.knobs import id_profile_for

DEFAULT_UPLOAD_SECONDS = 2.0


class TikTokApp(ScreenApp):
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

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.data = AppState(state)
        self.uploads: list[Upload] = []
        self.feed: list[Clip] = []
        self.feed_index = 0
        self._alive = False  # the app's process runs (a launch after a force-stop is a cold start)
        self._captcha_cleared = False
        self._refused: set[str] = set()  # follows the server turned down while the button says Following
        self._session_login = False

    # --- configuration ----------------------------------------------------------------------
    @property
    def id_profile(self) -> str:
        return id_profile_for(knob_text(self.host, "id_profile", ""), "tiktok")

    def ui(self) -> Ui:
        locale = knob_text(self.host, "locale", "en")
        return Ui(
            self.package,
            self.host.width,
            self.host.height,
            ids.ids_for(self.id_profile, self.package),
            strings_for(locale),
            EN,
        )

    def s(self, key: str, **values: Any) -> str:
        return self.ui().s(key, **values)

    # --- accounts ---------------------------------------------------------------------------
    def _ensure_account(self) -> None:
        """A fresh install comes signed in to one account (tests and demos seed others into
        the state with :func:`farmhand.virtual.apps.tiktok.appstate.sign_in`)."""
        if self.data.accounts or self.data.flag("auto_account"):
            return
        name = random_username(self.host.rng)
        self.data.add_account(name)
        self.data.set_flag("auto_account", name)
        self.save()

    def logged_in(self) -> bool:
        if knob_on(self.host, "logged_out") and not self._session_login:
            return False
        return self.data.current is not None

    def log_in(self, name: str) -> None:
        self.data.add_account(name, make_current=True)
        self._session_login = True
        self.save()
        self.host.record("logged_in", {"account": name})
        self.go_home()

    def log_out(self) -> None:
        me = self.data.current
        if me is None:
            return
        self.data.remove_account(me)
        self.save()
        self.host.record("logged_out", {"account": me})
        self._session_login = False
        if self.data.current is None:
            self.open_login(replace=True)
        else:
            self.go_home()

    def switch_account(self, name: str) -> None:
        previous = self.data.current
        self.data.switch(name)
        self.save()
        if name != previous:
            self.host.record("account_switched", {"from": previous, "to": name})
        self.feed.clear()
        self.feed_index = 0
        self.go_home()

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

    def gate(self, what: str) -> bool:
        """True if ``what`` (follow, post, comment) may go ahead; else the captcha shows."""
        from farmhand.virtual.apps.tiktok.guards import CaptchaScreen

        if not knob_on(self.host, "captcha") or self._captcha_cleared:
            return True
        self.push(CaptchaScreen(self, self.host.rng.choice(("puzzle", "puzzle", "rotate", "web"))))
        self.host.record("captcha_shown", {"account": self.data.current, "on": what})
        return False

    def captcha_solved(self, screen: Screen) -> None:
        self._captcha_cleared = True
        self.close(screen)
        self.host.record("captcha_solved", {"account": self.data.current})

    # --- follows, likes, favourites, comments -----------------------------------------------
    def is_following(self, username: str) -> bool:
        me = self.data.current
        return username in self._refused or self.data.has("following", me, username)

    def follow_state(self, username: str) -> str:
        """The label key of the Follow button: follow, follow_back, following, friends, requested."""
        who = person(username)
        if self.is_following(username):
            return "friends" if who.follows_you else "following"
        if self.data.has("requested", self.data.current, username):
            return "requested"
        return "follow_back" if who.follows_you else "follow"

    def _effect(self, kind: str, **data: Any) -> None:
        self.host.record(kind, {"account": self.data.current, **data})

    def follow(self, username: str) -> None:
        who = person(username)
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
        if who.private:
            self.data.put("requested", me, username, True)
            self._effect("follow_requested", username=username)
        else:
            self.data.put("following", me, username, True)
            self._effect("followed", username=username)
        self.save()

    def unfollow(self, username: str) -> None:
        me = self.data.current
        self._refused.discard(username)
        was_following = self.data.put("following", me, username, False)
        was_requested = self.data.put("requested", me, username, False)
        if was_following or was_requested:
            self._effect("unfollowed", username=username)
            self.save()

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
        if self.data.put("liked", self.data.current, clip.url, liked):
            self._effect("liked" if liked else "unliked", url=clip.url)
            self.save()

    def set_favorite(self, clip: Clip, favorite: bool) -> None:
        if self.data.put("favorites", self.data.current, clip.url, favorite):
            self._effect("favorited" if favorite else "unfavorited", url=clip.url)
            self.save()

    def comment(self, clip: Clip, text: str) -> bool:
        if not self.gate("comment"):
            return False
        if knob_on(self.host, "action_blocked"):
            self.host.toast(self.s("try_again_later"))
            self._effect("comment_refused", url=clip.url, text=text)
            return False
        self.data.comments(clip.url).append(
            {"account": self.data.current, "text": text, "time": self.host.now()}
        )
        self._effect("commented", url=clip.url, text=text)
        self.save()
        return True

    # --- posting ----------------------------------------------------------------------------
    def publish(
        self,
        draft: Draft,
        caption: str,
        title: str,
        placement: str,
        visibility: str = "everyone",
        allow_comments: bool = True,
        save_to_device: bool = False,
    ) -> None:
        post: dict[str, Any] = {
            "account": self.data.current,
            "caption": caption.strip(),
            "title": title.strip(),
            "media": [item.path for item in draft.media],
            "media_uris": [item.uri for item in draft.media],
            "kind": draft.kind,
            "placement": placement,
            "sound": draft.sound,
            "volumes": dict(draft.volumes),
            "via": draft.via,
            "visibility": visibility,
            "allow_comments": allow_comments,
            "save_to_device": save_to_device,
        }
        seconds = knob_float(self.host, "upload_seconds", DEFAULT_UPLOAD_SECONDS)
        self.uploads.append(Upload(post, self.host.now(), seconds, knob_on(self.host, "upload_error")))
        self.go_home()
        self.tick()

    def save_draft(self, draft: Draft, caption: str) -> None:
        entry = {
            "account": self.data.current,
            "caption": caption,
            "media": [m.path for m in draft.media],
            "kind": draft.kind,
            "time": self.host.now(),
        }
        self.data.drafts.append(entry)
        self.save()
        self._effect("draft_saved", caption=caption, media=entry["media"])
        self.host.toast(self.s("draft_toast"))
        self.go_home()

    def tick(self) -> None:
        now = self.host.now()
        for upload in list(self.uploads):
            if not upload.due(now):
                continue
            upload.finished = True
            if upload.fails:
                upload.failed = True
                self._effect("upload_failed", caption=upload.post["caption"], media=upload.post["media"])
                self.host.toast(self.s("upload_failed"))
                continue
            self.uploads.remove(upload)
            post = dict(upload.post, id=random_video_id(self.host.rng), time=now)
            self.data.posts.append(post)
            self.save()
            self.host.record("posted", journal_entry(post))
            self.host.toast(self.s("story_toast" if post["placement"] == "story" else "posted_toast"))

    def retry_upload(self) -> None:
        for upload in self.uploads:
            if upload.failed:
                upload.restart(self.host.now(), knob_on(self.host, "upload_error"))
                return

    def dismiss_failed_upload(self) -> None:
        self.uploads = [upload for upload in self.uploads if not upload.failed]

    # --- process lifecycle ------------------------------------------------------------------
    def on_stop(self) -> None:
        super().on_stop()  # ticks first: what has landed is recorded
        for upload in self.uploads:
            if not upload.finished:
                self._effect("upload_interrupted", caption=upload.post["caption"], media=upload.post["media"])
        self.uploads.clear()
        self._alive = False
        self._captcha_cleared = False
        self._refused.clear()


class TikTokAsiaApp(TikTokApp):
    """The Asia build: the same app under another package."""

    package = act.ASIA_PACKAGE
    label = "TikTok"


def journal_entry(post: dict[str, Any]) -> dict[str, Any]:
    """A post as the journal records it: ``kind`` is the journal's own key (the event), so the
    media kind travels as ``media_kind``."""
    entry = {key: value for key, value in post.items() if key != "kind"}
    entry["media_kind"] = post["kind"]
    return entry
