"""Instagram posts as the feed and a post page show them (like, comment, share, "Sponsored"),
the post opened by a link, and the comments sheet (notes 4.5, 4.6, 6.4.1, 6.4.10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import IgScreen
from farmhand.virtual.apps.instagram.posts import IgPost, feed_post
from farmhand.virtual.apps.kit.pager import PagedScreen
from farmhand.virtual.apps.kit.people import count_text, stable_int
from farmhand.virtual.apps.kit.screenkit import FRAME, IMAGE, RECYCLER, TEXT, VIEW, Ui
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp


def post_nodes(ui: Ui, app: InstagramApp, post: IgPost, top: int) -> list[Node]:
    liked = app.data.has("liked", app.data.current, post.url)
    comments = post.comments + len(app.data.comments(post.url))
    header = ui.node(
        FRAME,
        (0, top, 1080, top + 120),
        rid="row_feed_profile_header",
        children=[
            ui.node(
                IMAGE,
                (20, top + 15, 110, top + 105),
                rid="row_feed_photo_profile_imageview",
                desc=f"Profile picture of {post.author}",
                action="author",
            ),
            ui.node(
                TEXT,
                (130, top + 15, 700, top + 65),
                rid="row_feed_photo_profile_name",
                text=post.author,
                action="author",
            ),
            ui.node(IMAGE, (960, top + 20, 1040, top + 100), desc=ui.s("more_actions"), action="noop"),
        ],
    )
    if post.sponsored:
        header.add(
            ui.node(TEXT, (130, top + 65, 700, top + 110), rid="secondary_label", text=ui.s("sponsored"))
        )
    media_desc = ui.s("video_by" if post.media == "video" else "photo_by", user=post.author)
    nodes = [
        header,
        ui.node(
            IMAGE,
            (0, top + 120, 1080, top + 1200),
            rid="row_feed_photo_imageview",
            desc=media_desc,
            action="media",
        ),
    ]
    y = top + 1200
    if post.sponsored:
        nodes.append(ui.node(TEXT, (0, y, 1080, y + 90), text=ui.s("learn_more"), action="noop"))
        y += 90
    for left, rid, desc, action in (
        (20, "row_feed_button_like", "unlike" if liked else "like", "like"),
        (150, "row_feed_button_comment", "comment", "comments"),
        (280, "row_feed_button_share", "send_post", "noop"),
        (950, "row_feed_button_save", "save_post", "noop"),
    ):
        nodes.append(
            ui.node(
                IMAGE,
                (left, y + 10, left + 110, y + 110),
                rid=rid,
                desc=ui.s(desc),
                action=action,
                selected=action == "like" and liked,
            )
        )
    nodes += [
        ui.node(
            TEXT,
            (20, y + 120, 1060, y + 180),
            rid="row_feed_textview_likes",
            text=ui.s("n_likes", n=count_text(post.likes + liked)),
        ),
        ui.node(
            TEXT,
            (20, y + 185, 1060, y + 290),
            rid="row_feed_comment_textview_layout",
            text=f"{post.author} {post.caption}",
        ),
        ui.node(
            TEXT,
            (20, y + 295, 1060, y + 350),
            text=ui.s("view_comments", n=count_text(comments)),
            action="comments",
        ),
    ]
    return nodes


class PostList(PagedScreen[IgPost], IgScreen):
    """A screen showing one post at a time from a list, swiping up to the next."""

    app: InstagramApp

    def tap(self, action: str, arg: str | None) -> None:
        post = self.item
        app = self.app
        if action == "like":
            app.set_like(post, not app.data.has("liked", app.data.current, post.url))
        elif action == "media":
            if self.double_tapped():
                app.set_like(post, True)
        elif action == "comments":
            app.push(CommentsSheet(app, post, getattr(self, "link", None)))
        elif action == "author":
            app.open_profile(post.author)
        elif action == "noop":
            pass
        else:
            super().tap(action, arg)


class PostScreen(PostList):
    """A post opened by an instagram.com link."""

    activity = names.MAIN

    def __init__(self, app: InstagramApp, post: IgPost, link: str | None = None) -> None:
        super().__init__(app, [post])
        self.link = link

    def more(self) -> IgPost | None:
        return feed_post(self.app.host.rng)  # "More posts" keep coming below

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(
                TEXT,
                (160, 100, 900, 200),
                rid="action_bar_title",
                text=ui.s("reels") if self.item.reel else ui.s("post"),
            ),
            *post_nodes(ui, self.app, self.item, 240),
        ]


class CommentsSheet(IgScreen, Sheet):
    def __init__(self, app: InstagramApp, post: IgPost, link: str | None = None) -> None:
        super().__init__(app)
        self.post = post
        self.link = link

    def _rows(self) -> list[tuple[str, str]]:
        own = [(c["account"], c["text"]) for c in reversed(self.app.data.comments(self.post.url))]
        seed = stable_int("igcomments", self.post.url)
        canned = ["🔥🔥", "love this", "where is this?", "so cute", "amazing shot"]
        return own + [
            (f"user{(seed >> i) % 9000 + 1000}", canned[(seed >> (2 * i)) % len(canned)]) for i in range(3)
        ]

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 600)
        sheet.add(
            ui.node(VIEW, (490, 615, 590, 635), rid="bottom_sheet_drag_handle_prism"),
            ui.node(TEXT, (300, 650, 780, 730), rid="title_text_view", text=ui.s("comments"), action="sheet"),
        )
        rows = ui.node(RECYCLER, (0, 760, 1080, 2200), rid="sticky_header_list", scrollable=True)
        for i, (author, text) in enumerate(self._rows()[:8]):
            y = 780 + i * 170
            rows.add(
                ui.node(
                    FRAME,
                    (0, y, 1080, y + 160),
                    rid="row_comment_container",
                    children=[
                        ui.node(IMAGE, (30, y + 10, 120, y + 100)),
                        ui.node(
                            TEXT,
                            (150, y + 10, 950, y + 100),
                            rid="row_comment_textview_comment",
                            text=f"{author} {text}",
                        ),
                        ui.node(TEXT, (150, y + 105, 400, y + 150), text=ui.s("reply"), action="noop"),
                    ],
                )
            )
        typed = self.value("comment").strip()
        sheet.add(
            rows,
            ui.field(
                self,
                "comment",
                (40, 2240, 860, 2360),
                rid="layout_comment_thread_edittext_multiline",
                hint=ui.s("add_comment"),
            ),
            ui.node(
                FRAME,
                (880, 2240, 1060, 2360),
                rid="layout_comment_thread_post_button_click_area",
                desc=ui.s("post_comment"),
                action="post",
                enabled=bool(typed),
                children=[ui.node(TEXT, (900, 2260, 1040, 2340), text=ui.s("post_comment"))],
            ),
        )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "post":
            text = self.value("comment")
            if text.strip() and self.app.comment(self.post, text, self.link):
                self.fields["comment"].value = ""
                self.focus = None
        elif action == "sheet":
            self.focus = None  # tapping the title takes the focus off the input
        elif action != "noop":
            super().tap(action, arg)
