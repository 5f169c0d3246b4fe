"""TikTok profiles: another person's (follow, unfollow with its confirm, refresh) and your own
(the Profile tab with your posts, the account dropdown sheet, the menu, Settings with Switch
account and Log out) (notes 2.1, 3, 6.2.1, 6.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.layouts import account_row, tile_grid
from farmhand.virtual.apps.kit.people import Clip, clip_for, count_text, person, stable_int
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, LINEAR, TEXT, Ui
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.apps.tiktok.home import TabRoot, nav_bar
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.app import TikTokApp


def _stats(ui: Ui, following: int, followers: int, likes: int) -> list[Node]:
    nodes = []
    for i, (value, label) in enumerate(
        ((following, "following"), (followers, "followers"), (likes, "likes"))
    ):
        left = 120 + i * 300
        nodes.append(
            ui.node(
                LINEAR,
                (left, 700, left + 240, 840),
                children=[
                    ui.node(TEXT, (left, 700, left + 240, 770), rid="pf_stat_value", text=count_text(value)),
                    ui.node(TEXT, (left, 770, left + 240, 840), rid="pf_stat_label", text=ui.s(label)),
                ],
            )
        )
    return nodes


def _tabs(ui: Ui, keys: tuple[str, ...]) -> list[Node]:
    width = 1080 // len(keys)
    return [
        ui.node(
            IMAGE, (i * width, 1100, (i + 1) * width, 1200), desc=ui.s(key), action="noop", selected=i == 0
        )
        for i, key in enumerate(keys)
    ]


def _grid(ui: Ui, captions: list[str]) -> list[Node]:
    return tile_grid(ui, captions[:9], 1220, "open_post", cls=FRAME, inset=4)


class ProfileScreen(TikTokScreen):
    """Someone else's profile."""

    activity = activities.PROFILE

    def __init__(self, app: TikTokApp, username: str) -> None:
        super().__init__(app)
        self.person = person(username)

    def clips(self) -> list[Clip]:
        count = min(self.person.posts, 9)
        return [
            clip_for(
                self.person.username,
                str(7_200_000_000_000_000_000 + stable_int(self.person.username, str(i)) % 10**17),
            )
            for i in range(count)
        ]

    def build(self, ui: Ui) -> list[Node]:
        p = self.person
        nodes = [
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (200, 110, 880, 190), text=p.display_name if p.exists else ""),
        ]
        if not p.exists:
            return [*nodes, ui.node(TEXT, (100, 900, 980, 1000), text=ui.s("no_account"))]
        state = self.app.follow_state(p.username)
        nodes += [
            ui.node(IMAGE, (440, 250, 640, 450), desc=ui.s("avatar_desc", user=p.username)),
            ui.node(TEXT, (200, 480, 880, 550), rid="pf_username", text=f"@{p.username}"),
            ui.node(TEXT, (200, 560, 880, 630), rid="pf_name", text=p.display_name),
            *_stats(ui, p.following, p.followers + (state in ("following", "friends")), p.likes),
            ui.node(BUTTON, (200, 900, 640, 1010), rid="pf_follow", text=ui.s(state), action="follow_button"),
            *_tabs(ui, ("videos_tab", "reposts_tab", "liked_tab")),
        ]
        if state in ("following", "friends"):
            nodes.append(ui.node(BUTTON, (660, 900, 880, 1010), text=ui.s("message"), action="noop"))
        if p.private and state not in ("following", "friends"):
            nodes.append(ui.node(TEXT, (100, 1400, 980, 1480), text=ui.s("private_account")))
        elif p.posts == 0:
            nodes.append(ui.node(TEXT, (100, 1400, 980, 1480), rid="pf_empty", text=ui.s("no_videos")))
        else:
            nodes.extend(_grid(ui, [clip.caption for clip in self.clips()]))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        name = self.person.username
        if action == "follow_button":
            self.app.follow_button(name)
        elif action == "open_post" and arg is not None:
            clips = self.clips()
            self.app.open_video(clips, int(arg))
        elif action == "noop":
            pass
        else:
            super().tap(action, arg)

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        if y2 - y1 > 250:  # pull to refresh: the server's word on the follow shows
            self.app.refresh_follow(self.person.username)


class OwnProfileScreen(TabRoot):
    """The Profile tab: who is signed in, their posts, and the ways to another account."""

    activity = activities.MAIN
    tab = "profile"

    def build(self, ui: Ui) -> list[Node]:
        me = self.app.data.current or ""
        p = person(me)
        posts = list(reversed(self.app.data.posts_of(me)))
        nodes = [
            ui.node(
                LINEAR,
                (300, 100, 780, 200),
                action="accounts",
                children=[
                    ui.node(TEXT, (300, 110, 700, 190), text=p.display_name),
                    ui.node(IMAGE, (700, 120, 770, 180), desc=ui.s("switch_account"), action="accounts"),
                ],
            ),
            ui.node(IMAGE, (950, 110, 1040, 190), rid="pf_menu", desc=ui.s("profile_menu"), action="menu"),
            ui.node(IMAGE, (440, 250, 640, 450), desc=ui.s("avatar_desc", user=me)),
            ui.node(TEXT, (200, 480, 880, 550), rid="pf_username", text=f"@{me}"),
            ui.node(TEXT, (200, 560, 880, 630), rid="pf_name", text=p.display_name),
            *_stats(ui, len(self.app.data.items("following", me)), p.followers, p.likes),
            ui.node(BUTTON, (200, 900, 520, 1010), text=ui.s("edit_profile"), action="noop"),
            ui.node(BUTTON, (560, 900, 880, 1010), text=ui.s("share_profile"), action="noop"),
            *_tabs(ui, ("videos_tab", "liked_tab")),
        ]
        if posts:
            nodes.extend(_grid(ui, [post.get("caption") or post.get("title") or "" for post in posts]))
        else:
            nodes.append(ui.node(TEXT, (100, 1400, 980, 1480), rid="pf_empty", text=ui.s("no_videos")))
        nodes.append(nav_bar(ui, "profile"))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "accounts":
            self.app.push(AccountSheet(self.app))
        elif action == "menu":
            self.app.push(
                Prompt(
                    self.app,
                    "profile_menu",
                    "profile_menu",
                    "",
                    (Choice("settings", self._settings, rid="settings_row"), Choice("creator_tools")),
                    sheet=True,
                )
            )
        elif action in ("noop", "open_post"):
            pass
        else:
            super().tap(action, arg)

    def _settings(self) -> None:
        self.app.push(SettingsScreen(self.app))


class AccountSheet(TikTokScreen, Sheet):
    """The accounts signed in on this phone, the current one ticked, and "Add account"."""

    def build(self, ui: Ui) -> list[Node]:
        accounts = self.app.data.accounts
        top = 2400 - 260 - 150 * (len(accounts) + 1)
        sheet = self.panel(ui, top)
        sheet.add(ui.node(TEXT, (40, top + 40, 1040, top + 120), text=ui.s("switch_account")))
        for i, name in enumerate(accounts):
            sheet.add(account_row(ui, name, top + 150 + i * 150, name == self.app.data.current))
        y = top + 150 + len(accounts) * 150
        sheet.add(ui.node(TEXT, (40, y, 1040, y + 140), text=ui.s("add_account"), action="add"))
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "switch" and arg:
            self.app.switch_account(arg)
        elif action == "add":
            self.app.close(self)
            self.app.open_login()
        else:
            super().tap(action, arg)


class SettingsScreen(TikTokScreen):
    activity = activities.SETTINGS

    def build(self, ui: Ui) -> list[Node]:
        nodes = [
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (200, 110, 880, 190), text=ui.s("settings")),
        ]
        rows = (
            ("account", "noop"),
            ("privacy", "noop"),
            ("login_section", None),
            ("switch_account", "switch"),
            ("log_out", "logout"),
        )
        for i, (key, action) in enumerate(rows):
            top = 260 + i * 130
            nodes.append(ui.node(TEXT, (40, top, 1040, top + 110), text=ui.s(key), action=action))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "switch":
            self.app.push(AccountSheet(self.app))
        elif action == "logout":
            self.app.push(
                Prompt(
                    self.app,
                    "logout_confirm",
                    "log_out_confirm",
                    "",
                    (Choice("log_out", self.app.log_out), Choice("cancel")),
                    sheet=True,
                )
            )
        elif action != "noop":
            super().tap(action, arg)
