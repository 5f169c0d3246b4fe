"""``account_warmup``: watch the feed like a person for ``task_duration`` (scaled), now and then
liking, following, favouriting or commenting; ads, LIVE pages and suggestion cards are skipped
(notes 2.3 and 4.6). With ``topic`` keywords, one of them is searched first and the videos
found are watched instead of the For You feed."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from farmhand.domain import Platform
from farmhand.scripts.accounts import ensure_account
from farmhand.scripts.base import Script, ScriptConfig, ScriptContext
from farmhand.scripts.comment import choose_comment, write_comment
from farmhand.scripts.configs import WarmupConfig
from farmhand.scripts.profile import wait_state
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import norm
from farmhand.scripts.ui.typing import submit_search, type_into

DEVICE_WORK_S = 300.0


@dataclass(frozen=True)
class FeedElements:
    like: str
    follow: str
    favorite: str
    ad: str
    live: str | None
    suggestion: str | None


FEEDS = {
    Platform.TIKTOK: FeedElements(
        "video.like", "video.follow", "video.favorite", "video.ad", "video.live", "video.suggestion"
    ),
    Platform.INSTAGRAM: FeedElements("feed.like", "feed.follow", "feed.save", "feed.ad", None, None),
}


def is_on(element: UiElement, *words: str) -> bool:
    """A toggle that is already on: selected/checked, or a desc saying so ("Unlike video",
    "Remove from Favourites"; not "Add or remove this video from Favorites")."""
    desc = norm(element.desc)
    return element.selected or element.checked or desc.startswith(words)


class WarmupRun:
    def __init__(self, ctx: ScriptContext, config: WarmupConfig) -> None:
        self.ctx = ctx
        self.config = config
        self.app = AppSession(ctx)
        self.feed = FEEDS[ctx.platform]
        self.stats: Counter[str] = Counter()
        self.end = 0.0

    @property
    def screen(self) -> Screen:
        return self.app.screen

    def run(self) -> str:
        ctx = self.ctx
        with ctx.step(f"open {self.app.label}"):
            self.app.start()
        ensure_account(ctx, self.app)
        with ctx.step("open the feed"):
            self._open_feed()
        self.end = time.monotonic() + self.config.task_duration * ctx.time_scale
        number = 0
        while True:
            number += 1
            with ctx.step(f"video {number}"):
                self._one_video()
            if time.monotonic() >= self.end:
                break
        s = self.stats
        skipped = (
            f" ({s['ad']} ads, {s['live']} LIVE, {s['suggestion']} cards skipped)"
            if s["ad"] + s["live"] + s["suggestion"]
            else ""
        )
        return (
            f"watched {s['watched']} videos{skipped}; liked {s['liked']}, followed {s['followed']}, "
            f"favourited {s['favourited']}, commented {s['commented']}"
        )

    def _open_feed(self) -> None:
        screen = self.screen
        topics = self.config.topics
        if topics:
            keyword = self.ctx.rng.choice(topics)
            self.ctx.log(f"topic: {keyword!r}")
            search = "home.search" if self.ctx.platform is Platform.TIKTOK else "nav.search"
            screen.tap_on(search, where="home screen")
            type_into(screen, "search.input", keyword, where="search screen")
            submit_search(screen)
            if screen.selectors.known("search.tab_videos"):
                tab = screen.find("search.tab_videos", screen.poll())
                if tab is not None:
                    screen.tap(tab)
                    self.ctx.pause(0.6, 1.2)
            screen.tap_on("search.video_result", where="search results")
        elif self.ctx.platform is Platform.INSTAGRAM:
            screen.tap_on("nav.reels", where="home screen")
        else:
            home = screen.find("nav.home", screen.poll())
            if home is not None and not home.selected:
                screen.tap(home)
        screen.wait_any([self.feed.like, self.feed.ad], where="feed", timeout=30.0)

    def _classify(self, h: Hierarchy) -> str:
        feed = self.feed
        screen = self.screen
        if screen.present(feed.ad, h):
            return "ad"
        if feed.suggestion and screen.present(feed.suggestion, h):
            return "suggestion"
        if (feed.live and screen.present(feed.live, h)) or not screen.present(feed.like, h):
            return "live"  # a page without a like button is no ordinary video (LIVE, notes 2.3 W7)
        return "video"

    def _roll(self, percent: float) -> bool:
        return percent > 0 and self.ctx.rng.random() * 100 < percent

    def _one_video(self) -> None:
        ctx, screen, config = self.ctx, self.screen, self.config
        h = screen.poll()
        kind = self._classify(h)
        if kind != "video":
            self.stats[kind] += 1
            ctx.log(f"skipped: {kind}")
            ctx.pause(0.5, 1.5)
            screen.swipe_up(h)
            return
        watch = ctx.rng.uniform(config.min_duration, config.max_duration)
        remaining = max(0.0, (self.end - time.monotonic()) / ctx.time_scale) if ctx.time_scale > 0 else 0.0
        ctx.sleep(min(watch, remaining))
        self.stats["watched"] += 1
        # Draw every chance, in a fixed order, so one seed gives one run.
        like, follow, favorite, comment = (
            self._roll(config.like_probable),
            self._roll(config.floow_probable),
            self._roll(config.collect_probable),
            self._roll(config.comment_probable),
        )
        if like:
            self._toggle(self.feed.like, "liked", ("unlike", "liked"))
        if follow:
            self._follow()
        if favorite:
            self._toggle(self.feed.favorite, "favourited", ("remove", "saved"))
        if comment and config.comments:
            text = choose_comment(
                ctx, config.comments, order=config.comment_order, index=self.stats["commented"],
                emoji=config.insert_emoji,
            )  # fmt: skip
            write_comment(ctx, screen, ctx.platform, text, commit=False)
            self.stats["commented"] += 1
            ctx.log(f"commented: {text!r}")
        if time.monotonic() < self.end:
            screen.swipe_up()

    def _toggle(self, name: str, counter: str, on_words: tuple[str, ...]) -> None:
        screen = self.screen
        element = screen.find(name, screen.poll())
        if element is None:
            self.ctx.log(f"no {name} on this video")
            return
        if is_on(element, *on_words):
            self.ctx.log(f"already {counter}")
            return
        self.ctx.pause(0.3, 1.0)
        screen.tap(element)
        # Counted only once the app shows it (the remark must say what really happened).
        after = screen.find(name, screen.poll())
        if after is not None and is_on(after, *on_words):
            self.stats[counter] += 1
            self.ctx.log(counter)
        else:
            self.ctx.log(f"tapped {name} but the app does not show it {counter}")

    def _follow(self) -> None:
        screen = self.screen
        h = screen.poll()
        element = screen.find(self.feed.follow, h)
        if element is not None:
            self.ctx.pause(0.3, 1.0)
            screen.tap(element)
            if screen.find(self.feed.follow, screen.poll()) is None:  # the "+" goes once followed
                self.stats["followed"] += 1
                self.ctx.log("followed the creator")
            else:
                self.ctx.log("tapped Follow but the button is still there")
            return
        author = screen.find("feed.author", h) if screen.selectors.known("feed.author") else None
        if author is None:
            self.ctx.log("no Follow button (already following the creator?)")
            return
        # Instagram's Reels have no Follow button of their own: go by the creator's profile.
        self.ctx.pause(0.3, 1.0)
        screen.tap(author)
        found = screen.wait_any(["profile.follow", "profile.following"], where="creator's profile")
        if found.name == "profile.follow":
            self.ctx.pause(0.4, 1.2)
            screen.tap(found.element)
            if wait_state(screen, "following") is not None:
                self.stats["followed"] += 1
                self.ctx.log(f"followed the creator ({author.text or author.desc})")
        else:
            self.ctx.log("already following the creator")
        screen.back()
        screen.wait_any([self.feed.like, self.feed.ad], where="feed")


class WarmupScript(Script):
    name = "account_warmup"
    title = "Warm up an account"
    config_model: ClassVar[type[ScriptConfig]] = WarmupConfig

    def run(self, ctx: ScriptContext) -> str:
        return WarmupRun(ctx, ctx.config_as(WarmupConfig)).run()

    def timeout_s(self, config: ScriptConfig, time_scale: float) -> float:
        assert isinstance(config, WarmupConfig)
        return DEVICE_WORK_S + (config.task_duration + config.max_duration + 180.0) * time_scale
