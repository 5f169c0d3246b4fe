"""What stands between a person and the app: the login screens (knob ``logged_out``, or no
account on the phone) and the WebView captcha (knob ``captcha``) that appears at the next
follow, post or comment (notes 5.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from farmhand.virtual.apps.kit.screenkit import (
    BUTTON,
    FRAME,
    IMAGE,
    TEXT,
    VIEW,
    WEB_IMAGE,
    WEBVIEW,
    Screen,
    Ui,
)
from farmhand.virtual.apps.tiktok import activities
from farmhand.virtual.apps.tiktok.base import TikTokScreen
from farmhand.virtual.ui import Node

if TYPE_CHECKING:
    from farmhand.virtual.apps.tiktok.social import TikTokSocial

SLIDER = (90, 1500, 990, 1620)  # the slider track of the captcha, design coordinates


class CaptchaScreen(Screen):
    """A slide captcha in a WebView. Dragging the slider across solves it; Close gives up."""

    overlay = True

    def __init__(self, app: TikTokSocial, variant: str) -> None:
        super().__init__(app)
        self.owner = app
        self.variant = variant

    def build(self, ui: Ui) -> list[Node]:
        prompt = ui.s("drag_slider" if self.variant == "rotate" else "drag_puzzle")
        web = ui.node(WEBVIEW, (60, 700, 1020, 1800), action="web")
        web.add(
            ui.node(VIEW, (90, 730, 990, 800), text=ui.s("security_check")),
            ui.node(
                VIEW,
                (90, 810, 990, 880),
                text=f"{ui.s('verify')} {prompt}" if self.variant == "web" else prompt,
            ),
            ui.node(
                WEB_IMAGE,
                (90, 900, 990, 1450),
                text="captcha whirl" if self.variant == "rotate" else "captcha",
            ),
            # A WebView element's id is the page's HTML id, without the app's package prefix.
            Node(
                cls=VIEW,
                res_id="secsdk-captcha-drag-wrapper",
                bounds=ui.box(*SLIDER),
                package=ui.package,
                clickable=True,
                action="slider",
            ),
            ui.node(IMAGE, (930, 720, 1000, 790), desc=ui.s("close"), action="close"),
            ui.node(TEXT, (90, 1660, 400, 1740), text=ui.s("refresh"), action="slider"),
        )
        return [web]

    def tap(self, action: str, arg: str | None) -> None:
        if action in ("web", "slider"):
            return
        super().tap(action, arg)

    def swipe(self, x1: float, y1: float, x2: float, y2: float) -> None:
        left, top, right, bottom = SLIDER
        if top - 40 <= y1 <= bottom + 40 and x1 < left + 250 and x2 - x1 > (right - left) * 0.5:
            self.owner.challenge_passed(self)


class LoginScreen(TikTokScreen):
    activity = activities.LOGIN

    def build(self, ui: Ui) -> list[Node]:
        return [
            ui.node(TEXT, (90, 400, 990, 500), text=ui.s("login_title")),
            ui.node(TEXT, (90, 520, 990, 640), text=ui.s("login_body")),
            ui.node(BUTTON, (90, 800, 990, 920), text=ui.s("use_phone_email"), action="form"),
            ui.node(BUTTON, (90, 950, 990, 1070), text=ui.s("continue_google"), action="noop"),
            ui.node(TEXT, (90, 2250, 990, 2340), text=ui.s("signup_footer"), action="noop"),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "form":
            self.app.push(LoginFormScreen(self.app))
        elif action != "noop":
            super().tap(action, arg)

    def back(self) -> bool:
        self.app.close(self)
        return bool(self.app.stack)


class LoginFormScreen(TikTokScreen):
    activity = activities.LOGIN

    def build(self, ui: Ui) -> list[Node]:
        ready = bool(self.value("username").strip() and self.value("password"))
        return [
            ui.node(IMAGE, (30, 100, 130, 200), desc=ui.s("back"), action="back"),
            ui.node(TEXT, (90, 250, 990, 340), text=ui.s("login")),
            ui.field(self, "username", (90, 400, 990, 510), hint=ui.s("email_or_username")),
            ui.field(self, "password", (90, 540, 990, 650), hint=ui.s("password"), password=True),
            ui.node(
                FRAME,
                (90, 700, 990, 820),
                children=[
                    ui.node(BUTTON, (90, 700, 990, 820), text=ui.s("login"), action="login", enabled=ready)
                ],
            ),
        ]

    def tap(self, action: str, arg: str | None) -> None:
        if action == "login":
            name = self.value("username").strip().lstrip("@")
            if name and self.value("password"):
                self.app.log_in(name)
        else:
            super().tap(action, arg)
