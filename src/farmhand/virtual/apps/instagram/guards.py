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
        ids: tuple[str, str, str, str, str | None]
        if self.kind == "try_again_later":
            ids = (
                "igds_alert_dialog",
                "igds_alert_dialog_headline",
                "igds_alert_dialog_subtext",
                "igds_alert_dialog_primary_button",
                "igds_alert_dialog_secondary_button",
            )
            return [_card(ui, ids, "try_again_later", "try_again_body", body_bottom=1200)]
        ids = ("dialog_container", "igds_headline_headline", "igds_headline_body", "negative_button", None)
        return [_card(ui, ids, "action_blocked", "action_blocked_body", body_bottom=1250)]

    def tap(self, action: str, arg: str | None) -> None:
        if action != "card":
            super().tap(action, arg)


def _card(
    ui: Ui, ids: tuple[str, str, str, str, str | None], headline: str, body: str, body_bottom: int
) -> Node:
    """A block dialog: a headline, a body down to ``body_bottom``, then OK and "Tell us", both
    closing it. ``ids``: the card's, the headline's, the body's, OK's and "Tell us"'s."""
    card_id, headline_id, body_id, ok_id, tell_us_id = ids
    card = ui.node(FRAME, (90, 850, 990, body_bottom + 350), rid=card_id, action="card")
    card.add(
        ui.node(TEXT, (150, 900, 930, 980), rid=headline_id, text=ui.s(headline)),
        ui.node(TEXT, (150, 1000, 930, body_bottom), rid=body_id, text=ui.s(body)),
    )
    for i, (rid, label) in enumerate(((ok_id, "ok"), (tell_us_id, "tell_us"))):
        top = body_bottom + 50 + i * 130
        card.add(ui.node(BUTTON, (150, top, 930, top + 110), rid=rid, text=ui.s(label), action="close"))
    return card


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
