"""The virtual Instagram app (``com.instagram.android``): intent routing (launcher, the share
handler activities, instagram.com links), navigation, the effects of follows, likes, comments
and posts on the app's state and the phone's journal, and uploads that advance with the clock.
"""

from __future__ import annotations

from typing import Any

from farmhand.virtual.app import AppHost, Intent, IntentFilter
from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.ids import IdTable
from farmhand.virtual.apps.instagram.posts import IgPost, code_for, post_for, post_url
from farmhand.virtual.apps.instagram.strings import EN, strings_for
from farmhand.virtual.apps.tiktok.appstate import AppState
from farmhand.virtual.apps.tiktok.draft import Draft
from farmhand.virtual.apps.tiktok.people import person, random_username
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
from farmhand.virtual.apps.tiktok.upload import Upload
from farmhand.virtual.knobs import id_profile_for

DEFAULT_UPLOAD_SECONDS = 2.0
DONE_SHOWN_S = 4.0  # how long "Posted!" stays on screen after an upload lands
_MEDIA = ("image/*", "video/*")


class InstagramApp(ScreenApp):
    package = names.PACKAGE
    label = "Instagram"
    version_name = "410.0.0.53.71"
    version_code = 410005371
    launcher_activity = names.LAUNCHER
    activities = names.ALL
    intent_filters = (
        # The order decides where a package-only SEND lands (the feed handler, as "Feed" is the
        # resolver's first target).
        IntentFilter(names.SHARE_FEED, (names.ACTION_SEND, names.ACTION_SEND_MULTIPLE), _MEDIA),
        IntentFilter(names.SHARE_CLIPS, (names.ACTION_SEND, names.ACTION_SEND_MULTIPLE), _MEDIA),
        IntentFilter(names.SHARE_STORY, (names.ACTION_SEND,), _MEDIA),
        IntentFilter(names.SHARE_DIRECT, (names.ACTION_SEND,), (*_MEDIA, "text/plain")),
        IntentFilter(names.SHARE_CUSTOM_STORY, (names.ACTION_ADD_TO_STORY,), _MEDIA),
        IntentFilter(names.URL_HANDLER, (names.ACTION_VIEW,), (), names.LINK_HOSTS),
    )

    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.data = AppState(state)
        self.uploads: list[Upload] = []
        self.landed: list[tuple[Upload, float]] = []  # uploads done, shown as "Posted!" a moment
        self.feed: list[IgPost] = []
        self.feed_index = 0
        self._alive = False
        self._human_checked = False
        self._session_login = False
        self._asked_notifications = False
        self._restore_uploads()

    # --- configuration ----------------------------------------------------------------------
    @property
    def id_profile(self) -> str:
        return id_profile_for(knob_text(self.host, "id_profile", ""), "ig")

    def ui(self) -> Ui:
        locale = knob_text(self.host, "locale", "en")
        return Ui(
            self.package, self.host.width, self.host.height, IdTable(self.id_profile), strings_for(locale), EN
        )

    def s(self, key: str, **values: Any) -> str:
        return self.ui().s(key, **values)

    def _effect(self, kind: str, **data: Any) -> None:
        self.host.record(kind, {"account": self.data.current, **data})

    # --- accounts ---------------------------------------------------------------------------
    def _ensure_account(self) -> None:
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
        if knob_on(self.host, "not_now_prompts"):
            self.push(Prompt(self, "save_login", "save_login_title", "", (Choice("save"), Choice("not_now"))))

    def log_out(self) -> None:
        me = self.data.current
        if me is None:
            return
        self.data.data["current"] = None
        self._session_login = False
        self.save()
        self.host.record("logged_out", {"account": me})
        self.open_login()

    def switch_account(self, name: str) -> None:
        previous = self.data.current
        self.data.switch(name)
        self._session_login = True
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
            return
        if not self.logged_in():
            self.open_login()
            return
        self.go_home()
        if cold:
            self._cold_start_prompts()

    def route(self, intent: Intent) -> None:
        self._ensure_account()
        self._alive = True
        activity = (intent.component or "").split("/", 1)[-1]
        if not self.logged_in():
            self.open_login()
            return
        if intent.action == names.ACTION_VIEW and intent.data:
            self._open_link(intent.data)
            return
        if not activity and intent.action in (names.ACTION_SEND, names.ACTION_SEND_MULTIPLE):
            from farmhand.virtual.apps.instagram.compose import ResolverScreen

            self._base()
            self.push(ResolverScreen(self, intent))
            return
        target = {
            names.SHARE_FEED: "feed",
            names.SHARE_CLIPS: "reels",
            names.SHARE_STORY: "stories",
            names.SHARE_CUSTOM_STORY: "stories",
            names.SHARE_DIRECT: "chats",
        }.get(activity)
        if target is None:
            self.launch(intent)
        else:
            self.share(intent, target)

    def share(self, intent: Intent, target: str) -> None:
        """A share intent reached one of the handler activities."""
        from farmhand.virtual.apps.instagram import compose

        uris = list(intent.streams)
        for key in ("interactive_asset_uri", "android.intent.extra.STREAM"):
            value = intent.extras.get(key)
            if isinstance(value, str) and value not in uris:
                uris.append(value)
        if not uris and intent.data:
            uris.append(intent.data)
        found = [self.host.media_by_uri(uri) for uri in uris]
        media = [item for item in found if item is not None]
        self._base()
        if target == "chats":
            self.push(compose.DirectShareScreen(self))
            return
        if not media or len(media) != len(found):
            self.host.toast(self.s("video_failed"))
            return
        draft = Draft(media=media, via="share")
        if target == "stories":
            self.push(compose.StoryComposer(self, draft))
        elif target == "reels":
            self.push(compose.EditorScreen(self, draft, "reel"))
        else:
            self.push(compose.EditorScreen(self, draft, "feed"))

    def _open_link(self, url: str) -> None:
        _host, parts, _query = split_url(url)
        self._base()
        if len(parts) >= 2 and parts[0] in ("p", "reel", "reels", "tv"):
            self.open_post(post_for(parts[1], reel=parts[0] != "p"), link=url)
        elif parts and parts[0] not in ("explore", "accounts", "stories"):
            self.open_profile(parts[0])

    def _base(self) -> None:
        """Deep links and shares open over Home, so BACK leads there."""
        if not self.stack:
            self.go_home()

    # --- navigation -------------------------------------------------------------------------
    def go_home(self) -> None:
        self.switch_tab("home")

    def switch_tab(self, tab: str) -> None:
        from farmhand.virtual.apps.instagram.home import HomeScreen, ReelsScreen
        from farmhand.virtual.apps.instagram.profile import OwnProfileScreen
        from farmhand.virtual.apps.instagram.search import SearchScreen

        if tab == "create":
            self.open_create(None)
            return
        roots: dict[str, type[Screen]] = {
            "home": HomeScreen,
            "search": SearchScreen,
            "reels": ReelsScreen,
            "profile": OwnProfileScreen,
        }
        self.stack.clear()
        self.push(roots.get(tab, HomeScreen)(self))

    def open_login(self) -> None:
        from farmhand.virtual.apps.instagram.guards import LoginScreen

        self.stack.clear()
        self.push(LoginScreen(self))

    def open_profile(self, username: str) -> None:
        from farmhand.virtual.apps.instagram.profile import ProfileScreen

        name = username.strip().lstrip("@")
        if name == self.data.current:
            self.switch_tab("profile")
        else:
            self.push(ProfileScreen(self, name))

    def open_post(self, post: IgPost, link: str | None = None) -> None:
        from farmhand.virtual.apps.instagram.feed import PostScreen

        self.push(PostScreen(self, post, link))

    def open_create(self, mode: str | None) -> None:
        """The Create entry: the gallery on the last-used mode, after the draft question."""
        from farmhand.virtual.apps.instagram.create import GalleryScreen

        chosen = mode or str(self.data.data["flags"].get("create_mode") or "post")
        drafts = [d for d in self.data.drafts if d.get("account") == self.data.current]
        gallery = GalleryScreen(self, chosen)
        if drafts:
            self.push(
                Prompt(
                    self,
                    "draft",
                    "draft_title",
                    "draft_body",
                    (
                        Choice("start_new_video", lambda: self._push(gallery), rid="auxiliary_button"),
                        Choice("keep_editing", lambda: self._resume_draft(drafts[-1]), rid="primary_button"),
                    ),
                )
            )
        else:
            self.push(gallery)

    def _push(self, screen: Screen) -> None:
        self.push(screen)

    def _resume_draft(self, draft: dict[str, Any]) -> None:
        from farmhand.virtual.apps.instagram.compose import ShareScreen

        media = [m for m in self.host.media() if m.path in draft.get("media", [])]
        self.data.drafts.remove(draft)
        self.save()
        if not media:
            self.go_home()
            return
        screen = ShareScreen(self, Draft(media=media, via="draft"), str(draft.get("placement", "feed")))
        screen.caption = str(draft.get("caption", ""))
        self.push(screen)

    # --- gates: captcha and blocks ----------------------------------------------------------
    def gate(self, what: str) -> bool:
        """True if ``what`` may go ahead; else "Confirm you're human" shows."""
        from farmhand.virtual.apps.instagram.guards import HumanCheckScreen

        if not knob_on(self.host, "captcha") or self._human_checked:
            return True
        self.push(HumanCheckScreen(self))
        self._effect("captcha_shown", on=what)
        return False

    def human_checked(self, screen: Screen) -> None:
        self._human_checked = True
        self.close(screen)
        self._effect("captcha_solved")

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
        me = self.data.current
        if self.data.has("following", me, username):
            return "following"
        if self.data.has("requested", me, username):
            return "requested"
        return "follow_back" if person(username).follows_you else "follow"

    def follow(self, username: str, reviewed: bool = False) -> None:
        who = person(username)
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
        if who.private:
            self.data.put("requested", me, username, True)
            self._effect("follow_requested", username=username)
        else:
            self.data.put("following", me, username, True)
            self._effect("followed", username=username)
        self.save()
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

    def unfollow(self, username: str) -> None:
        me = self.data.current
        changed = self.data.put("following", me, username, False)
        changed |= self.data.put("requested", me, username, False)
        if changed:
            self._effect("unfollowed", username=username)
            self.save()

    def set_like(self, post: IgPost, liked: bool) -> None:
        if liked and self.refused("like", url=post.url):
            return
        if self.data.put("liked", self.data.current, post.url, liked):
            self._effect("liked" if liked else "unliked", url=post.url)
            self.save()

    def comment(self, post: IgPost, text: str, link: str | None = None) -> bool:
        if not self.gate("comment"):
            return False
        if self.refused("comment", url=post.url, text=text):
            return False
        self.data.comments(post.url).append(
            {"account": self.data.current, "text": text, "time": self.host.now()}
        )
        extra = {"link": link} if link and link != post.url else {}
        self._effect("commented", url=post.url, text=text, **extra)
        self.save()
        return True

    # --- posting ----------------------------------------------------------------------------
    def publish(self, draft: Draft, caption: str, placement: str) -> None:
        post: dict[str, Any] = {
            "account": self.data.current,
            "caption": caption.strip(),
            "title": "",
            "media": [item.path for item in draft.media],
            "media_uris": [item.uri for item in draft.media],
            "kind": draft.kind,
            "placement": placement,
            "sound": draft.sound,
            "via": draft.via,
        }
        seconds = knob_float(self.host, "upload_seconds", DEFAULT_UPLOAD_SECONDS)
        self.uploads.append(Upload(post, self.host.now(), seconds, knob_on(self.host, "upload_error")))
        self.go_home()
        self.tick()

    def save_draft(self, draft: Draft, caption: str, placement: str) -> None:
        entry = {
            "account": self.data.current,
            "caption": caption,
            "media": [m.path for m in draft.media],
            "placement": placement,
            "time": self.host.now(),
        }
        self.data.drafts.append(entry)
        self.save()
        self._effect("draft_saved", caption=caption, media=entry["media"])
        self.host.toast(self.s("draft_saved"))
        self.go_home()

    def tick(self) -> None:
        now = self.host.now()
        self.landed = [(upload, at) for upload, at in self.landed if now - at < DONE_SHOWN_S]
        for upload in list(self.uploads):
            if not upload.due(now):
                continue
            upload.finished = True
            post = upload.post
            if upload.fails:
                upload.failed = True
                self._effect(
                    "upload_failed", caption=post["caption"], media=post["media"], placement=post["placement"]
                )
                continue
            self.uploads.remove(upload)
            record = dict(post, id=code_for(self.host.rng.getrandbits(60)), time=now)
            record["url"] = post_url(record["id"])
            self.data.posts.append(record)
            self.save()
            entry = {key: value for key, value in record.items() if key != "kind"}
            self.host.record("posted", {**entry, "media_kind": record["kind"]})
            self.landed.append((upload, now))
            self.host.toast(self.s("story_shared" if post["placement"] == "story" else "posted"))

    def retry_upload(self) -> None:
        for upload in self.uploads:
            if upload.failed:
                upload.restart(self.host.now(), knob_on(self.host, "upload_error"))
                return

    def discard_upload(self) -> None:
        self.uploads = [upload for upload in self.uploads if not upload.failed]

    # --- pop-ups ----------------------------------------------------------------------------
    def _cold_start_prompts(self) -> None:
        if not knob_on(self.host, "not_now_prompts"):
            return
        kinds = ["notifications", "navigation"]
        for kind in self.host.rng.sample(kinds, self.host.rng.randint(1, 2)):
            if kind == "notifications":
                self.push(
                    Prompt(
                        self,
                        kind,
                        "notifications_title",
                        "notifications_body",
                        (Choice("turn_on"), Choice("not_now", rid="negative_button")),
                    )
                )
            else:
                self.push(Prompt(self, kind, "navigation_title", "navigation_body", (Choice("got_it"),)))

    # --- process lifecycle ------------------------------------------------------------------
    def on_stop(self) -> None:
        # Instagram keeps uploading in the background: a force-stop does not lose the post
        # (notes 4.1 I9). The unfinished ones are kept in the state and land when the app
        # next runs.
        super().on_stop()
        self.data.data["pending_uploads"] = [
            {"post": u.post, "started": u.started, "seconds": u.seconds, "fails": u.fails}
            for u in self.uploads
            if not u.finished
        ]
        self.uploads = []
        self.save()
        self._alive = False
        self._human_checked = False

    def _restore_uploads(self) -> None:
        for saved in self.data.data.pop("pending_uploads", None) or []:
            self.uploads.append(Upload(saved["post"], saved["started"], saved["seconds"], saved["fails"]))
