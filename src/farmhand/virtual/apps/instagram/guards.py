"""What stands between a person and Instagram: block dialogs (knob ``action_blocked``), the
"Confirm you're human" check (knob ``captcha``), the review pop-up before some follows, and
the logged-out profile picker with its login form (notes 4.4 G3, 4.7 X', 5.3, 6.4.11-12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.instagram import names
from farmhand.virtual.apps.instagram.base import IgScreen
from farmhand.virtual.apps.kit.people import person, stable_int
from farmhand.virtual.apps.kit.prompts import Choice, Prompt
from farmhand.virtual.apps.kit.screenkit import BUTTON, FRAME, IMAGE, TEXT, Screen, Ui
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.instagram.social import InstagramSocial


class BlockDialog(Screen):
    """The block of ``action_blocked``: "Try Again Later" (an igds alert) or "Action Blocked"
    (``dialog_container``)."""

    overlay = True

    def __init__(self, app: InstagramSocial, kind: str) -> None:
        super().__init__(app)
        self.kind = kind

    def build(self, ui: Ui) -> list[Node]:
        if self.kind == "try_again_later":
            return [
                ui.node(
                    FRAME,
                    (90, 850, 990, 1550),
                    rid="igds_alert_dialog",
                    action="card",
                    children=[
                        ui.node(
                            TEXT,
                            (150, 900, 930, 980),
                            rid="igds_alert_dialog_headline",
                            text=ui.s("try_again_later"),
                        ),
                        ui.node(
                            TEXT,
                            (150, 1000, 930, 1200),
                            rid="igds_alert_dialog_subtext",
                            text=ui.s("try_again_body"),
                        ),
                        ui.node(
                            BUTTON,
                            (150, 1250, 930, 1360),
                            rid="igds_alert_dialog_primary_button",
                            text=ui.s("ok"),
                            action="close",
                        ),
                        ui.node(
                            BUTTON,
                            (150, 1380, 930, 1490),
                            rid="igds_alert_dialog_secondary_button",
                            text=ui.s("tell_us"),
                            action="close",
                        ),
                    ],
                )
            ]
        return [
            ui.node(
                FRAME,
                (90, 850, 990, 1600),
                rid="dialog_container",
                action="card",
                children=[
                    ui.node(
                        TEXT, (150, 900, 930, 980), rid="igds_headline_headline", text=ui.s("action_blocked")
                    ),
                    ui.node(
                        TEXT,
                        (150, 1000, 930, 1250),
                        rid="igds_headline_body",
                        text=ui.s("action_blocked_body"),
                    ),
                    ui.node(
                        BUTTON, (150, 1300, 930, 1410), rid="negative_button", text=ui.s("ok"), action="close"
                    ),
                    ui.node(BUTTON, (150, 1430, 930, 1540), text=ui.s("tell_us"), action="close"),
                ],
            )
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action != "card":
            super().tap(action, arg)


class HumanCheckScreen(Screen):
    """Instagram's security check; Continue stands for solving it."""

    activity = "com.instagram.challenge.activity.ChallengeActivity"

    def __init__(self, app: InstagramSocial) -> None:
        super().__init__(app)
        self.owner = app

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(TEXT, (90, 500, 990, 600), text=ui.s("confirm_human")),
            ui.node(TEXT, (90, 620, 990, 800), text=ui.s("confirm_human_body")),
            ui.node(TEXT, (90, 850, 990, 920), text=ui.s("security_check")),
            ui.node(BUTTON, (90, 2200, 990, 2320), text=ui.s("continue"), action="solve"),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "solve":
            self.owner.challenge_passed(self)
        else:
            super().tap(action, arg)


def review_prompt(app: InstagramSocial, username: str) -> Prompt:
    seed = stable_int("review", username)
    country = ("France", "Brazil", "India")[seed % 3]
    body = f"{app.s('date_joined')}: {2012 + seed % 13}\n{app.s('based_in')}: {country}"
    return Prompt(
        app,
        "review_account",
        "review_title",
        body,
        (Choice("follow", lambda: app.follow(username, reviewed=True)), Choice("cancel")),
        sheet=True,
    )


class LoginScreen(IgScreen):
    """The logged-out picker: saved profiles, "Use another profile", "Create new account"."""

    activity = names.MAIN

    def build(self, ui: Ui) -> list[Node]:
        nodes = [ui.node(IMAGE, (390, 300, 690, 600), desc=ui.s("instagram"))]
        for i, name in enumerate(self.app.data.accounts):
            top = 700 + i * 160
            nodes.append(
                ui.node(
                    FRAME,
                    (90, top, 990, top + 140),
                    desc=name,
                    action="saved",
                    arg=name,
                    children=[ui.node(TEXT, (240, top + 35, 900, top + 105), text=name)],
                )
            )
        nodes += [
            ui.node(BUTTON, (90, 2000, 990, 2110), text=ui.s("use_another_profile"), action="form"),
            ui.node(BUTTON, (90, 2140, 990, 2250), text=ui.s("create_account"), action="noop"),
        ]
        return nodes

    def tap(self, action: str, arg: str | None) -> None:
        if action == "saved" and arg:
            self.app.log_in(arg)
        elif action == "form":
            self.app.push(LoginFormScreen(self.app))
        elif action != "noop":
            super().tap(action, arg)

    def back(self) -> bool:
        self.app.close(self)
        return False


class LoginFormScreen(IgScreen):
    activity = names.MAIN

    def build(self, ui: Ui) -> list[Node]:
        ready = bool(self.value("username").strip() and self.value("password"))
        return [
            ui.node(IMAGE, (20, 100, 120, 200), desc=ui.s("back"), action="back"),
            ui.field(self, "username", (90, 650, 990, 770), hint=ui.s("login_user_hint")),
            ui.field(self, "password", (90, 800, 990, 920), hint=ui.s("password"), password=True),
            ui.node(BUTTON, (90, 980, 990, 1100), text=ui.s("log_in"), action="login", enabled=ready),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "login":
            name = self.value("username").strip().lstrip("@")
            if name and self.value("password") and person(name).exists:
                self.app.log_in(name)
        else:
            super().tap(action, arg)
