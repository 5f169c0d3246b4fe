"""Instagram's tab roots Home (stories tray, feed, the pending-upload row and snackbar) and
Reels (notes 4.1 I8-I9, 4.2 T5, 4.6, 6.4.1, 6.4.5)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import TAB_TOP, TabRoot, tab_bar
from farmhand.virtual.apps.instagram.feed import PostList, post_nodes
from farmhand.virtual.apps.instagram.posts import IgPost, feed_post
from farmhand.virtual.apps.kit.people import random_username
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, PROGRESS, RECYCLER, TEXT, Ui
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp
    from farmhand.virtual.apps.kit.upload import Upload


class HomeScreen(PostList, TabRoot):
    activity = names.MAIN
    tab = "home"

    def __init__(self, app: InstagramApp) -> None:
        if not app.feed:
            app.feed.extend(feed_post(app.host.rng) for _ in range(3))
        super().__init__(app, app.feed, app.feed_index)

    def more(self) -> IgPost | None:
        return feed_post(self.app.host.rng)

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        super().swipe(x1, y1, x2, y2)
        self.app.feed_index = self.index

    def build(self, ui: Ui) -> list[Node]:
        nodes = [*self._action_bar(ui), self._tray(ui)]
        pending = self._pending(ui)
        feed_top = 600 if pending else 460
        feed = ui.node(RECYCLER, (0, feed_top, 1080, TAB_TOP), desc=ui.s("home_feed"), scrollable=True)
        feed.res_id = "android:id/list"
        feed.add(*post_nodes(ui, self.app, self.item, feed_top))
        nodes.append(feed)
        nodes += pending
        nodes.append(tab_bar(ui, self.app, "home"))
        return nodes

    def _action_bar(self, ui: Ui) -> list[Node]:
        nodes = []
        if self.app.id_profile != "ig-300":
            nodes.append(
                ui.node(
                    FRAME,
                    (20, 90, 160, 210),
                    rid="action_bar_buttons_container_left",
                    children=[ui.node(IMAGE, (30, 100, 150, 200), desc=ui.s("create"), action="create")],
                )
            )
        return [
            *nodes,
            ui.node(IMAGE, (380, 100, 700, 200), rid="title_logo", desc=ui.s("instagram")),
            ui.node(IMAGE, (820, 100, 920, 200), desc=ui.s("activity"), action="noop"),
            ui.node(IMAGE, (940, 100, 1040, 200), desc=ui.s("messenger"), action="noop"),
        ]

    def _tray(self, ui: Ui) -> Node:
        tray = ui.node(RECYCLER, (0, 220, 1080, 460), rid="reels_tray_container")
        story_text = ui.s("your_story")
        if any(u.post["placement"] == "story" and not u.failed for u in self.app.uploads):
            story_text = ui.s("story_uploading")
        tray.add(
            ui.node(
                FRAME,
                (20, 230, 230, 450),
                desc=ui.s("add_to_story"),
                action="add_story",
                children=[
                    ui.node(IMAGE, (45, 240, 205, 400)),
                    ui.node(TEXT, (20, 400, 230, 450), text=story_text),
                ],
            )
        )
        rng_names = [random_username(random.Random(f"tray{i}")) for i in range(3)]
        for i, name in enumerate(rng_names):
            left = 250 + i * 230
            tray.add(
                ui.node(
                    FRAME,
                    (left, 230, left + 210, 450),
                    desc=ui.s("story_of", user=name),
                    action="noop",
                    children=[ui.node(TEXT, (left, 400, left + 210, 450), text=name)],
                )
            )
        return tray

    def _pending(self, ui: Ui) -> list[Node]:
        now = self.app.host.now()
        me = self.app.data.current or ""
        upload: Upload | None = self.app.uploads[0] if self.app.uploads else None
        if upload is None and self.app.landed:
            done = self.app.landed[-1][0]
            story = done.post["placement"] == "story"
            return [
                self._row(ui, ui.s("story_shared" if story else "posted"), ui.s("send_to_friends"), None),
                self._snackbar(ui, ui.s("story_shared" if story else "done_posting")),
            ]
        if upload is None:
            return []
        story = upload.post["placement"] == "story"
        if upload.failed:
            failed = (
                "story_failed"
                if story
                else "photo_failed"
                if upload.post["kind"] == "images"
                else "video_failed"
            )
            row = self._row(ui, ui.s(failed), "", None)
            row.add(
                ui.node(BUTTON, (700, 500, 860, 570), text=ui.s("retry"), action="retry"),
                ui.node(BUTTON, (880, 500, 1060, 570), text=ui.s("discard"), action="discard"),
            )
            return [row]
        status = ui.s("story_uploading") if story else ui.s("posting_to", user=me)
        sharing = (
            "story_uploading"
            if story
            else "sharing_to_reels"
            if upload.post["placement"] == "reel"
            else "sharing_post"
        )
        return [
            self._row(ui, status, ui.s("keep_open"), upload.percent(now)),
            self._snackbar(ui, ui.s(sharing)),
        ]

    def _row(self, ui: Ui, status: str, sub: str, percent: int | None) -> Node:
        row = ui.node(
            FRAME,
            (0, 460, 1080, 600),
            rid="row_pending_container",
            children=[
                ui.node(IMAGE, (20, 475, 130, 585), rid="row_pending_media_imageview"),
                ui.node(TEXT, (150, 470, 680, 530), rid="row_pending_media_status_textview", text=status),
            ],
        )
        if sub:
            row.add(ui.node(TEXT, (150, 530, 680, 590), text=sub))
        if percent is not None:
            row.add(
                ui.node(
                    PROGRESS, (700, 520, 1060, 550), rid="row_pending_media_progress_bar", desc=f"{percent}%"
                )
            )
        return row

    def _snackbar(self, ui: Ui, text: str) -> Node:
        return ui.node(
            FRAME,
            (20, 2100, 1060, 2230),
            rid="upload_snackbar_container",
            children=[ui.node(TEXT, (60, 2130, 1000, 2200), rid="status_text", text=text)],
        )

    def tap(self, action: str, arg: str | None) -> None:
        if action == "create":
            self.app.open_create(None)
        elif action == "add_story":
            self.app.open_create("story")
        elif action == "retry":
            self.app.retry_upload()
        elif action == "discard":
            self.app.discard_failed_upload()
        elif action == "tab":
            TabRoot.tap(self, action, arg)
        else:
            PostList.tap(self, action, arg)

    def back(self) -> bool:
        return TabRoot.back(self)


class ReelsScreen(PostList, TabRoot):
    activity = names.MAIN
    tab = "reels"

    def __init__(self, app: InstagramApp) -> None:
        super().__init__(app, [feed_post(app.host.rng, reel=True)])

    def more(self) -> IgPost | None:
        return feed_post(self.app.host.rng, reel=True)

    def build(self, ui: Ui) -> list[Node]:
        post = self.item
        liked = self.app.data.has("liked", self.app.data.current, post.url)
        nodes = [
            ui.node(
                FRAME,
                (0, 80, 1080, TAB_TOP),
                rid="clips_video_container",
                desc=f"{ui.s('reel_by', user=post.author)}, {ui.s('double_tap')}",
                action="media",
            ),
            ui.node(TEXT, (40, 100, 400, 190), text=ui.s("reels")),
            ui.node(
                IMAGE,
                (940, 1300, 1040, 1400),
                rid="like_button",
                desc=ui.s("unlike" if liked else "like"),
                action="like",
                selected=liked,
            ),
            ui.node(
                IMAGE, (940, 1480, 1040, 1580), rid="comment_button", desc=ui.s("comment"), action="comments"
            ),
            ui.node(
                IMAGE, (940, 1660, 1040, 1760), rid="direct_share_button", desc=ui.s("share"), action="noop"
            ),
            ui.node(
                TEXT, (40, 1900, 700, 1960), rid="clips_author_username", text=post.author, action="author"
            ),
            ui.node(TEXT, (40, 1970, 900, 2080), rid="clips_caption_component", text=post.caption),
        ]
        if post.sponsored:
            nodes.append(ui.node(TEXT, (40, 2090, 400, 2140), rid="secondary_label", text=ui.s("sponsored")))
        nodes.append(tab_bar(ui, self.app, "reels"))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "tab":
            TabRoot.tap(self, action, arg)
        else:
            PostList.tap(self, action, arg)

    def back(self) -> bool:
        return TabRoot.back(self)
