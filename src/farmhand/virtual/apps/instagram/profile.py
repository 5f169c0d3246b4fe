"""Instagram profiles: someone else's (Follow / Following / Requested / Follow back, the
"Following" sheet with Unfollow, the private-account confirm) and your own (the username with
its chevron that opens the account sheet, Create New, Options → Log out) (notes 4.4, 4.7,
6.4.8, 6.4.11)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import IgScreen, TabRoot, tab_bar
from farmhand.virtual.apps.instagram.posts import IgPost, code_for, post_for
from farmhand.virtual.apps.kit.layouts import account_row, tile_grid
from farmhand.virtual.apps.kit.people import Person, count_text, person, stable_int
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, LINEAR, TEXT, VIEWGROUP, Ui
from farmhand.virtual.apps.kit.sheet import Sheet
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.app import InstagramApp


def _counts(ui: Ui, posts: int, followers: int, following: int) -> list[Node]:
    nodes = []
    items = (
        (posts, "posts", "profile_header_posts_stacked_familiar"),
        (followers, "followers", "profile_header_followers_stacked_familiar"),
        (following, "following_count", "profile_header_following_stacked_familiar"),
    )
    for i, (value, label, rid) in enumerate(items):
        left = 320 + i * 250
        nodes.append(
            ui.node(
                LINEAR,
                (left, 280, left + 230, 440),
                action="noop",
                children=[
                    ui.node(TEXT, (left, 280, left + 230, 360), rid=rid, text=count_text(value)),
                    ui.node(TEXT, (left, 360, left + 230, 430), text=ui.s(label)),
                ],
            )
        )
    return nodes


def _header(ui: Ui, app: InstagramApp, who: Person, posts: int, followers: int, following: int) -> list[Node]:
    avatar_id = "row_profile_header_imageview" if app.id_profile == "ig-300" else None
    return [
        ui.node(IMAGE, (40, 240, 280, 480), rid=avatar_id, desc=f"{who.username}'s profile picture"),
        *_counts(ui, posts, followers, following),
        ui.node(TEXT, (40, 500, 1040, 560), rid="profile_header_full_name", text=who.display_name),
    ]


def _grid(ui: Ui, captions: list[str]) -> list[Node]:
    return tile_grid(ui, captions[:9], 960, "open")


class ProfileScreen(IgScreen):
    activity = names.MAIN

    def __init__(self, app: InstagramApp, username: str) -> None:
        super().__init__(app)
        self.who = person(username)

    def posts(self) -> list[IgPost]:
        return [
            post_for(code_for(stable_int(self.who.username, str(i)))) for i in range(min(self.who.posts, 9))
        ]

    def build(self, ui: Ui) -> list[Node]:
        who = self.who
        nodes = [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (160, 100, 800, 200), rid="action_bar_title", text=who.username),
            ui.node(IMAGE, (940, 100, 1040, 200), desc=ui.s("options"), action="noop"),
        ]
        if not who.exists:
            return [*nodes, ui.node(TEXT, (90, 900, 990, 1000), text=ui.s("not_available"))]
        state = self.app.follow_state(who.username)
        nodes += _header(ui, self.app, who, who.posts, who.followers + (state == "following"), who.following)
        width = 660 if state == "following" else 1000
        nodes.append(
            ui.node(
                BUTTON,
                (40, 700, 40 + width, 800),
                rid="profile_header_follow_button",
                text=ui.s(state),
                action="follow_button",
            )
        )
        if state == "following":
            nodes.append(
                ui.node(
                    BUTTON,
                    (720, 700, 1040, 800),
                    rid="profile_header_message_button",
                    text=ui.s("message"),
                    action="noop",
                )
            )
        if who.private and state != "following":
            nodes.append(ui.node(TEXT, (90, 1100, 990, 1180), text=ui.s("private")))
        else:
            nodes.extend(_grid(ui, [p.caption for p in self.posts()]))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        name = self.who.username
        if action == "follow_button":
            state = self.app.follow_state(name)
            if state == "following":
                self.app.push(FollowSheet(self.app, name))
            elif state == "requested":
                self.app.unfollow(name)
            else:
                self.app.follow(name)
        elif action == "open" and arg is not None:
            self.app.open_post(self.posts()[int(arg)])
        elif action != "noop":
            super().tap(action, arg)


class FollowSheet(IgScreen, Sheet):
    """The sheet under "Following": close friends, favorites, mute, restrict, Unfollow."""

    def __init__(self, app: InstagramApp, username: str) -> None:
        super().__init__(app)
        self.username = username

    def build(self, ui: Ui) -> list[Node]:
        sheet = self.panel(ui, 1500)
        sheet.add(ui.node(TEXT, (40, 1530, 1040, 1610), text=self.username))
        rows = (
            ("close_friends_list", None),
            ("add_favorites", None),
            ("mute", None),
            ("restrict", None),
            ("unfollow", "follow_sheet_unfollow_row"),
        )
        for i, (key, rid) in enumerate(rows):
            top = 1640 + i * 140
            sheet.add(
                ui.node(
                    FRAME,
                    (0, top, 1080, top + 130),
                    rid=rid,
                    action=key,
                    children=[ui.node(TEXT, (40, top + 30, 1040, top + 100), text=ui.s(key))],
                )
            )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        name = self.username
        if action == "unfollow":
            self.app.close(self)
            if person(name).private:
                self.app.push(
                    Prompt(
                        self.app,
                        "unfollow_private",
                        self.app.s("unfollow_title", user=name),
                        self.app.s("unfollow_body", user=name),
                        (
                            Choice("unfollow", lambda: self.app.unfollow(name), rid="primary_button"),
                            Choice("cancel", rid="secondary_button"),
                        ),
                    )
                )
            else:
                self.app.unfollow(name)
        elif action in ("close_friends_list", "add_favorites", "mute", "restrict"):
            self.app.close(self)
        else:
            super().tap(action, arg)


class OwnProfileScreen(TabRoot):
    tab = "profile"

    def build(self, ui: Ui) -> list[Node]:
        me = self.app.data.current or ""
        who = person(me)
        posts = list(reversed(self.app.data.posts_of(me)))
        nodes = [
            ui.node(
                LINEAR,
                (160, 100, 760, 200),
                rid="action_bar_username_container",
                action="accounts",
                children=[
                    ui.node(TEXT, (160, 100, 680, 200), rid="action_bar_title", text=me),
                    ui.node(IMAGE, (690, 120, 750, 180), rid="action_bar_title_chevron"),
                ],
            ),
            ui.node(IMAGE, (820, 100, 920, 200), desc=ui.s("create_new"), action="create"),
            ui.node(IMAGE, (940, 100, 1040, 200), desc=ui.s("options"), action="options"),
            *_header(ui, self.app, who, len(posts), who.followers, len(self.app.data.items("following", me))),
            ui.node(BUTTON, (40, 700, 1040, 800), text=ui.s("edit_profile"), action="noop"),
        ]
        if posts:
            nodes.extend(_grid(ui, [str(p.get("caption") or "") for p in posts]))
        else:
            nodes.append(ui.node(TEXT, (90, 1100, 990, 1180), text=ui.s("no_posts")))
        nodes.append(tab_bar(ui, self.app, "profile"))
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        from farmhand.virtual.apps.instagram.create import CreateSheet

        if action == "accounts":
            self.app.push(AccountSheet(self.app))
        elif action == "create":
            self.app.push(CreateSheet(self.app))
        elif action == "options":
            self.app.push(
                Prompt(
                    self.app,
                    "options",
                    "settings",
                    "",
                    (Choice("log_out", self._confirm_logout), Choice("cancel")),
                    sheet=True,
                )
            )
        elif action not in ("noop", "open"):
            super().tap(action, arg)

    def _confirm_logout(self) -> None:
        me = self.app.data.current or ""
        self.app.push(
            Prompt(
                self.app,
                "logout",
                f"{self.app.s('log_out')} {me}?",
                "",
                (Choice("log_out", self.app.log_out, rid="primary_button"), Choice("cancel")),
            )
        )


class AccountSheet(IgScreen, Sheet):
    """One row per signed-in account (v410: a clickable row whose desc is the username; v300:
    ``row_user_textview``), plus "Add account"."""

    def build(self, ui: Ui) -> list[Node]:
        accounts = self.app.data.accounts
        top = 2400 - 200 - 150 * (len(accounts) + 1)
        sheet = self.panel(ui, top)
        legacy = self.app.id_profile == "ig-300"
        for i, name in enumerate(accounts):
            sheet.add(
                account_row(
                    ui,
                    name,
                    top + 60 + i * 150,
                    name == self.app.data.current,
                    cls=LINEAR if legacy else VIEWGROUP,
                    desc="" if legacy else name,
                    name_rid="row_user_textview" if legacy else None,
                )
            )
        y = top + 60 + len(accounts) * 150
        sheet.add(
            ui.node(
                FRAME,
                (0, y, 1080, y + 140),
                action="add",
                desc=ui.s("add_account"),
                children=[ui.node(TEXT, (170, y + 35, 860, y + 105), text=ui.s("add_account"))],
            )
        )
        return [sheet]

    def tap(self, action: str, arg: str | None) -> None:
        from farmhand.virtual.apps.instagram.guards import LoginFormScreen

        if action == "switch" and arg:
            self.app.switch_account(arg)
        elif action == "add":
            self.app.close(self)
            self.app.push(LoginFormScreen(self.app))
        else:
            super().tap(action, arg)
