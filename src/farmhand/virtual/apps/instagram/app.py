"""The virtual Instagram app (``com.instagram.android``): intent routing (launcher, the share
handler activities, instagram.com links), navigation and the pop-ups of a cold start. Follows,
likes and comments are in :mod:`.social`, posting in :mod:`.posting`, the shared state and
accounts in :mod:`.core`.
"""

from __future__ import annotations

from typing import Any

from farmhand.virtual.app import Intent, IntentFilter
from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.posting import InstagramPosting
from farmhand.virtual.apps.instagram.posts import IgPost, post_for
from farmhand.virtual.apps.instagram.social import InstagramSocial
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import (
    Screen,
    knob_on,
    split_url,
)

_MEDIA = ("image/*", "video/*")


class InstagramApp(InstagramPosting, InstagramSocial):
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

    def open_posts(self, posts: list[IgPost], index: int) -> None:
        """Posts from search or explore, swiping up through them."""
        from farmhand.virtual.apps.instagram.feed import PostScreen

        screen = PostScreen(self, posts[index])
        screen.items = list(posts)
        screen.index = index
        self.push(screen)

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
