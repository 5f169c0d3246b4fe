"""TikTok's video page (in the For You feed and opened by URL), its variants (ad, LIVE,
suggestion card) and the comment sheet (notes app-flows.md 2.2, 2.3, 6.2.3-4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.pager import PagedScreen
from farmhand.virtual.apps.kit.people import Clip, count_text, person, stable_int
from farmhand.virtual.apps.kit.screenkit import (
    BUTTON,
    FRAME,
    IMAGE,
    RECYCLER,
    TEXT,
    Ui,
)
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp


def clip_nodes(ui: Ui, app: TikTokApp, clip: Clip, top: int, bottom: int) -> list[Node]:
    """One full video page between ``top`` and ``bottom`` (design y)."""
    if clip.kind == "live":
        return _live_nodes(ui, clip, top, bottom)
    if clip.kind == "card":
        return _card_nodes(ui, app, clip, top)
    b = bottom
    me = app.data.current
    liked = app.data.has("liked", me, clip.url)
    favorite = app.data.has("favorites", me, clip.url)
    comments = clip.comments + len(app.data.comments(clip.url))
    nodes = [
        ui.node(
            FRAME,
            (0, top, 1080, b),
            rid="v_surface",
            desc=ui.s("video"),
            action="surface",
            long_clickable=True,
        ),
        ui.node(
            IMAGE,
            (940, b - 1100, 1040, b - 1000),
            rid="v_avatar",
            desc=ui.s("avatar_desc", user=clip.author),
            action="author",
            arg=clip.author,
        ),
    ]
    if clip.author != me and not app.is_following(clip.author):
        nodes.append(
            ui.node(
                IMAGE,
                (965, b - 1030, 1015, b - 980),
                rid="v_follow",
                desc=ui.s("follow_plus"),
                action="follow_plus",
            )
        )
    like = ui.node(
        FRAME,
        (930, b - 940, 1050, b - 820),
        rid="v_like",
        desc=ui.s("unlike_video" if liked else "like_video"),
        action="like",
        selected=liked,
    )
    like.add(ui.node(IMAGE, (950, b - 930, 1030, b - 830), rid="v_like_icon", selected=liked, checked=liked))
    favorite_node = ui.node(
        FRAME,
        (930, b - 540, 1050, b - 420),
        rid="v_favorite",
        desc=ui.s("favorites_desc"),
        action="favorite",
        selected=favorite,
    )
    favorite_node.add(ui.node(IMAGE, (950, b - 530, 1030, b - 430), rid="v_favorite_icon", selected=favorite))
    share = ui.node(
        FRAME, (930, b - 340, 1050, b - 220), rid="v_share", desc=ui.s("share_video"), action="share"
    )
    share.add(ui.node(IMAGE, (950, b - 330, 1030, b - 230), rid="v_share_icon"))
    nodes += [
        like,
        ui.node(TEXT, (930, b - 820, 1050, b - 780), rid="v_like_count", text=count_text(clip.likes + liked)),
        ui.node(
            FRAME,
            (930, b - 740, 1050, b - 620),
            rid="v_comments",
            desc=ui.s("read_comments", n=comments),
            action="comments",
        ),
        ui.node(TEXT, (930, b - 620, 1050, b - 580), rid="v_comment_count", text=count_text(comments)),
        favorite_node,
        share,
        ui.node(
            BUTTON,
            (940, b - 160, 1040, b - 60),
            rid="v_sound",
            desc=ui.s("sound_desc", title=clip.sound_title, artist=clip.sound_artist),
            action="sound",
        ),
        ui.node(TEXT, (40, b - 330, 900, b - 270), text=f"@{clip.author}", action="author", arg=clip.author),
        ui.node(TEXT, (40, b - 260, 900, b - 140), rid="v_caption", text=clip.caption),
    ]
    if clip.kind == "ad":
        nodes += [
            ui.node(TEXT, (40, b - 390, 130, b - 340), rid="v_ad_label", text=ui.s("ad")),
            ui.node(BUTTON, (40, b - 125, 640, b - 45), text=ui.s("learn_more"), action="learn_more"),
        ]
    else:
        nodes.append(
            ui.node(TEXT, (40, b - 120, 900, b - 70), text=f"♬ {clip.sound_title} - {clip.sound_artist}")
        )
    return nodes


def _live_nodes(ui: Ui, clip: Clip, top: int, bottom: int) -> list[Node]:
    viewers = count_text(stable_int("viewers", clip.video_id) % 40_000)
    return [
        ui.node(FRAME, (0, top, 1080, bottom), desc=ui.s("video"), action="live_watch"),
        ui.node(TEXT, (40, top + 140, 180, top + 200), text=ui.s("live")),
        ui.node(TEXT, (200, top + 140, 700, top + 200), text=ui.s("viewers", n=viewers)),
        ui.node(
            TEXT,
            (40, bottom - 330, 900, bottom - 270),
            text=f"@{clip.author}",
            action="author",
            arg=clip.author,
        ),
        ui.node(TEXT, (240, 1100, 840, 1200), text=ui.s("live_now"), action="live_watch"),
    ]


def _card_nodes(ui: Ui, app: TikTokApp, clip: Clip, top: int) -> list[Node]:
    state = app.follow_state(clip.author)
    return [
        ui.node(TEXT, (300, top + 200, 780, top + 260), rid="card_skip", text=ui.s("swipe_skip")),
        ui.node(
            IMAGE, (900, top + 300, 980, top + 380), rid="card_close", desc=ui.s("close"), action="card_skip"
        ),
        ui.node(IMAGE, (440, 700, 640, 900), desc=ui.s("avatar_desc", user=clip.author)),
        ui.node(TEXT, (240, 930, 840, 1000), text=f"@{clip.author}"),
        ui.node(TEXT, (240, 1010, 840, 1070), text=ui.s("suggested")),
        ui.node(
            BUTTON,
            (240, 1300, 840, 1400),
            rid="card_follow_back",
            text=ui.s("follow_back" if state in ("follow", "follow_back") else state),
            action="card_follow",
        ),
        ui.node(
            BUTTON,
            (240, 1440, 840, 1540),
            rid="card_not_interested",
            text=ui.s("not_interested"),
            action="card_skip",
        ),
    ]


class ClipPlayer(PagedScreen[Clip], TikTokScreen):
    """A screen that plays a list of clips, one page at a time, swiping up to the next."""

    app: TikTokApp
    page_top = 80
    page_bottom = 2200

    def tap(self, action: str, arg: str | None) -> None:
        clip = self.item
        app = self.app
        if action == "like":
            app.set_like(clip, not app.data.has("liked", app.data.current, clip.url))
        elif action == "surface":
            if self.double_tapped():
                app.set_like(clip, True)
        elif action == "favorite":
            app.set_favorite(clip, not app.data.has("favorites", app.data.current, clip.url))
        elif action == "comments":
            app.push(CommentSheet(app, clip))
        elif action == "add_comment":
            sheet = CommentSheet(app, clip)
            sheet.focus = "comment"
            app.push(sheet)
        elif action == "author" and arg:
            app.open_profile(arg)
        elif action in ("follow_plus", "card_follow"):
            app.follow(clip.author)
            if action == "card_follow" and app.is_following(clip.author):
                self.swipe(540, 1800, 540, 600)
        elif action == "card_skip":
            self.swipe(540, 1800, 540, 600)
        elif action == "sound":
            app.open_sound_of(clip)
        elif action == "live_watch":
            app.open_live(clip)
        elif action in ("share", "learn_more"):
            pass  # a share sheet and an advertiser page are outside what scripts walk through
        else:
            super().tap(action, arg)


class VideoScreen(ClipPlayer):
    """A single video opened by URL or from search results, with an "Add comment..." bar."""

    activity = activities.DETAIL
    page_bottom = 2280

    def __init__(self, app: TikTokApp, clips: list[Clip], index: int = 0, link: str | None = None) -> None:
        super().__init__(app, clips, index)
        self.link = link

    def more(self) -> Clip:
        return self.app.next_related(self.items[-1])

    def build(self, ui: Ui) -> list[Node]:
        nodes = clip_nodes(ui, self.app, self.item, self.page_top, self.page_bottom)
        nodes.append(ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"))
        if self.item.kind != "live":
            nodes.append(ui.node(TEXT, (0, 2280, 1080, 2400), text=ui.s("add_comment"), action="add_comment"))
        return nodes


class CommentSheet(TikTokScreen, Sheet):
    activity = ""

    def __init__(self, app: TikTokApp, clip: Clip) -> None:
        super().__init__(app)
        self.clip = clip

    def _rows(self) -> list[tuple[str, str]]:
        own = [(c["account"], c["text"]) for c in reversed(self.app.data.comments(self.clip.url))]
        seed = stable_int("comments", self.clip.url)
        canned = ["so good 😍", "how did you do that?", "first!", "this made my day", "need part 2"]
        others = [
            (
                f"{person(str(seed + i)).display_name.replace(' ', '').lower()}_{i}",
                canned[(seed >> i) % len(canned)],
            )
            for i in range(3)
        ]
        return own + others

    def build(self, ui: Ui) -> list[Node]:
        count = self.clip.comments + len(self.app.data.comments(self.clip.url))
        sheet = self.panel(ui, 700)
        sheet.add(
            ui.node(TEXT, (300, 730, 780, 800), rid="cm_title", text=ui.s("n_comments", n=count_text(count))),
            ui.node(
                IMAGE, (960, 720, 1040, 800), rid="cm_close", desc=ui.s("close_comments"), action="close"
            ),
        )
        rows = ui.node(RECYCLER, (0, 820, 1080, 2220), rid="cm_list", scrollable=True)
        for i, (author, text) in enumerate(self._rows()[:8]):
            y = 840 + i * 170
            rows.add(
                ui.node(
                    FRAME,
                    (0, y, 1080, y + 160),
                    children=[
                        ui.node(IMAGE, (40, y + 10, 120, y + 90)),
                        ui.node(TEXT, (150, y + 10, 800, y + 60), text=author),
                        ui.node(TEXT, (150, y + 65, 900, y + 140), text=text),
                        ui.node(
                            IMAGE,
                            (960, y + 40, 1040, y + 120),
                            rid="cm_like",
                            desc=ui.s("like_comment"),
                            action="noop",
                        ),
                    ],
                )
            )
        typed = self.value("comment").strip()
        send_label = "post_comment_old" if self.app.id_profile == "tiktok-35" else "post_comment"
        sheet.add(
            rows,
            ui.field(
                self,
                "comment",
                (40, 2250, 900, 2360),
                rid="cm_input",
                hint=ui.s("add_comment"),
                desc=ui.s("add_comment"),
            ),
            ui.node(
                IMAGE,
                (920, 2250, 1040, 2360),
                rid="cm_send",
                desc=ui.s(send_label),
                action="send",
                enabled=bool(typed),
            ),
        )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "send":
            text = self.value("comment")
            if text.strip() and self.app.comment(self.clip, text):
                self.fields["comment"].value = ""
                self.focus = None
            return
        super().tap(action, arg)

    def key(self, keycode: int) -> bool:
        return False
