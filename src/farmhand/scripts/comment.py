"""``comment``: open a post by its URL and leave one comment (one task per URL); the comment
sheet routine is shared with the warm-up."""

from __future__ import annotations

import time
from typing import ClassVar

from farmhand.domain import ErrorCode, Platform
from farmhand.scripts.accounts import ensure_account
from farmhand.scripts.base import Script, ScriptConfig, ScriptContext, ScriptError
from farmhand.scripts.configs import CommentConfig
from farmhand.scripts.session import AppSession
from farmhand.scripts.ui.hierarchy import Hierarchy, UiElement
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import Matcher
from farmhand.scripts.ui.typing import EMOJIS, check_typed, type_into

INPUT_HINTS = ("Add comment...", "Add a comment...", "Comment...", "What do you think of this?")
DEVICE_WORK_S = 300.0


def comment_button(platform: Platform) -> str:
    return "video.comments" if platform is Platform.TIKTOK else "comments.open"


def choose_comment(
    ctx: ScriptContext, lines: list[str], *, order: str, index: int | None, emoji: bool
) -> str:
    # sequential: the k-th task of a fan-out (or the k-th comment of a warm-up) takes line k.
    sequential = order == "sequential" and index is not None
    text = lines[index % len(lines)] if sequential and index is not None else ctx.rng.choice(lines)
    if emoji:
        text = f"{text} {ctx.rng.choice(EMOJIS)}"
    return text


def write_comment(ctx: ScriptContext, screen: Screen, platform: Platform, text: str, *, commit: bool) -> None:
    """Open the comment sheet of the post on screen, send ``text``, see it listed, close."""
    screen.tap_on(comment_button(platform), where="post")
    screen.wait_for("comments.input", where="comment sheet")
    type_into(screen, "comments.input", text, where="comment sheet", placeholders=INPUT_HINTS)
    check_typed(screen, "comments.input", text, where="comment sheet", placeholders=INPUT_HINTS)
    send = screen.wait_for("comments.send", where="comment sheet")
    ctx.pause(0.5, 1.5)
    if commit:
        ctx.point_of_no_return("tap on Send")
    screen.tap(send)
    _wait_listed(screen, text)
    h = screen.poll()
    close = screen.find("comments.close", h) if screen.selectors.known("comments.close") else None
    if close is not None:
        screen.tap(close)
    else:
        screen.back()
    ctx.pause(0.4, 1.0)


def _wait_listed(screen: Screen, text: str) -> None:
    """The sent comment shows in the list (a text element other than the input holding it)."""
    matcher = Matcher.of(text_contains=text)

    def listed(h: Hierarchy) -> UiElement | None:
        size = h.size
        return next(
            (el for el in h if el.visible and not el.cls.endswith("EditText") and matcher.matches(el, size)),
            None,
        )

    started = time.monotonic()
    if screen.poll_until(listed) is None:
        raise ScriptError(
            ErrorCode.UI_NOT_FOUND,
            f"the comment was sent but is not listed after {time.monotonic() - started:.0f} s "
            "(it may have been posted)",
        )


class CommentScript(Script):
    name = "comment"
    title = "Comment on a post"
    config_model: ClassVar[type[ScriptConfig]] = CommentConfig

    def run(self, ctx: ScriptContext) -> str:
        config = ctx.config_as(CommentConfig)
        url = config.target
        text = choose_comment(
            ctx,
            config.comments,
            order=config.comment_order,
            index=config.comment_index,
            emoji=config.insert_emoji,
        )
        ctx.log(f"comment: {text!r}")
        app = AppSession(ctx)
        with ctx.step(f"open {app.label}"):
            app.start()
        ensure_account(ctx, app)
        with ctx.step("open the post"):
            app.open_url(url)
            app.screen.wait_for(comment_button(ctx.platform), where="post", timeout=30.0)
        with ctx.step("comment"):
            write_comment(ctx, app.screen, ctx.platform, text, commit=True)
        return f"commented: {text}"

    def timeout_s(self, config: ScriptConfig, time_scale: float) -> float:
        return DEVICE_WORK_S + 60.0 * time_scale
