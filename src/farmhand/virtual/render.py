"""A phone-like picture of a virtual phone's screen, drawn from its node tree with Pillow.

It is not pixel-faithful to any app: it shows what a person watching the farm needs to see,
status bar, buttons, text fields with their typed text, selected states, pop-ups, the
upload "NN%" badge and a placeholder for videos and images. Drawing uses a small palette on a
paletted image, which keeps a full 1080x2400 PNG to a few milliseconds (see tests for a
measure).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from farmhand.virtual.profiles import HEIGHT, WIDTH
from farmhand.virtual.ui import Node

WHITE, BLACK, BAR, GREY, LIGHT, ACCENT, BLUE, DARK, GREEN, PALE, MUTED, SHADOW = range(12)
_PALETTE = [
    (255, 255, 255), (0, 0, 0), (32, 33, 36), (160, 160, 160), (222, 222, 222), (254, 44, 85),
    (0, 149, 246), (24, 24, 28), (37, 179, 100), (243, 243, 245), (120, 120, 128), (190, 190, 196),
]  # fmt: skip
_PERCENT = re.compile(r"^\d{1,3}%$")
_MEDIA_WORDS = ("video", "photo", "image", "thumbnail", "media", "preview", "player")


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _palette() -> list[int]:
    flat = [c for rgb in _PALETTE for c in rgb]
    return flat + [0] * (768 - len(flat))


def _text_size(height: int) -> int:
    return max(24, min(52, int(height * 0.42)))


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, max_lines: int) -> list[str]:
    """Wrap ``text`` into at most ``max_lines`` lines of ``width`` pixels (ellipsis if cut)."""
    font = _font(size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if draw.textlength(candidate, font=font) <= width or not current:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, len(lines[-1]) - 1)] + "…"
    for i, line in enumerate(lines):
        while line and draw.textlength(line, font=font) > width:
            line = line[:-2] + "…"
        lines[i] = line
    return lines


def _draw_text(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, fill: int, center: bool = False,
    size: int | None = None,
) -> None:  # fmt: skip
    left, top, right, bottom = box
    height = bottom - top
    size = size or _text_size(min(height, 120))
    line_h = int(size * 1.25)
    max_lines = max(1, height // line_h)
    lines = _fit(draw, text, size, max(10, right - left - 24), max_lines)
    y = top + (height - line_h * len(lines)) // 2
    font = _font(size)
    for line in lines:
        x = left + 12
        if center:
            x = left + (right - left - int(draw.textlength(line, font=font))) // 2
        draw.text((x, y), line, font=font, fill=fill)
        y += line_h


def _is_media(node: Node) -> bool:
    if node.text:
        return False
    if node.cls.rsplit(".", 1)[-1] in ("VideoView", "SurfaceView", "TextureView"):
        return True
    label = f"{node.desc} {node.res_id.rpartition('/')[2]}".lower()
    return any(word in label for word in _MEDIA_WORDS)


def _draw_node(draw: ImageDraw.ImageDraw, node: Node, depth: int) -> None:
    left, top, right, bottom = node.bounds
    if right - left < 2 or bottom - top < 2:
        return
    box = (left, top, right - 1, bottom - 1)
    cls = node.cls.rsplit(".", 1)[-1]
    label = node.text or ""
    if depth == 0:
        if "status_bar" in node.res_id:
            draw.rectangle(box, fill=BAR)
        elif node.package == "com.android.permissioncontroller":
            pass  # the dialog floats over the app; its card is drawn below
        else:
            draw.rectangle(box, fill=WHITE)
        return
    if node.res_id == "com.android.systemui:id/battery":
        level = int(re.sub(r"\D", "", node.desc) or 0)
        body = (left + 10, top + 6, right - 10, bottom - 6)
        draw.rounded_rectangle(body, radius=6, outline=WHITE, width=3)
        fill_right = body[0] + 4 + (body[2] - body[0] - 8) * min(100, level) // 100
        draw.rectangle((body[0] + 4, body[1] + 4, fill_right, body[3] - 4), fill=WHITE)
        return
    if node.res_id.endswith(":id/grant_dialog") or cls in ("AlertDialog",):
        draw.rounded_rectangle((left + 10, top + 14, right + 8, bottom + 14), radius=36, fill=SHADOW)
        draw.rounded_rectangle(box, radius=36, fill=PALE, outline=GREY, width=3)
        return
    if _PERCENT.match(label):
        draw.rounded_rectangle(box, radius=18, fill=DARK)
        _draw_text(draw, box, label, WHITE, center=True)
        return
    if cls == "EditText":
        border = ACCENT if node.focused else GREY
        draw.rounded_rectangle(box, radius=16, fill=PALE, outline=border, width=4 if node.focused else 2)
        if label:
            _draw_text(draw, box, label, BLACK)
        elif node.hint:
            _draw_text(draw, box, node.hint, MUTED)
        return
    if cls in ("CheckBox", "Switch", "RadioButton"):
        size = min(bottom - top, 64)
        mark = (left + 8, top + (bottom - top - size) // 2, left + 8 + size, top + (bottom - top + size) // 2)
        draw.rounded_rectangle(mark, radius=10, fill=ACCENT if node.checked else WHITE, outline=GREY, width=3)
        if label:
            _draw_text(draw, (mark[2] + 8, top, right, bottom), label, BLACK)
        return
    if cls in ("ProgressBar", "SeekBar"):
        mid = (top + bottom) // 2
        draw.rounded_rectangle((left, mid - 6, right, mid + 6), radius=6, fill=LIGHT)
        return
    if _is_media(node) and (right - left) * (bottom - top) > 40000:
        draw.rectangle(box, fill=DARK)
        cx, cy, r = (left + right) // 2, (top + bottom) // 2, min(right - left, bottom - top) // 8
        draw.polygon([(cx - r, cy - r), (cx - r, cy + r), (cx + r, cy)], fill=GREY)
        if node.selected or node.checked:
            draw.rectangle(box, outline=ACCENT, width=8)
        return
    if node.clickable and (label or node.desc):
        if cls == "Button" or (label and len(label) < 24):
            fill = ACCENT if cls == "Button" and node.enabled else (LIGHT if not node.enabled else PALE)
            if node.package == "com.android.permissioncontroller":
                fill = LIGHT
            if node.selected:
                fill = BLUE
            draw.rounded_rectangle(box, radius=min(28, (bottom - top) // 2), fill=fill)
            color = WHITE if fill in (ACCENT, BLUE) else (MUTED if not node.enabled else BLACK)
            _draw_text(draw, box, label or node.desc, color, center=True)
        else:
            _draw_text(draw, box, label or node.desc, BLACK)
        if node.selected and cls != "Button":
            draw.rectangle((left + 8, bottom - 8, right - 8, bottom - 2), fill=ACCENT)
        return
    if label:
        _draw_text(draw, box, label, WHITE if _under_dark(node) else BLACK)
        if node.selected:
            draw.rectangle((left + 8, bottom - 8, right - 8, bottom - 2), fill=ACCENT)
        return
    if cls == "ImageView" and (node.desc or node.clickable):
        r = min(right - left, bottom - top) // 2 - 4
        cx, cy = (left + right) // 2, (top + bottom) // 2
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ACCENT if node.selected else LIGHT)


def _under_dark(node: Node) -> bool:
    return node.package == "com.android.systemui"


def render_image(roots: Sequence[Node], on: bool = True) -> Image.Image:
    """The screen as a paletted 1080x2400 image; windows are drawn bottom to top."""
    image = Image.new("P", (WIDTH, HEIGHT), BLACK if not on else WHITE)
    image.putpalette(_palette())
    if not on:
        return image
    draw = ImageDraw.Draw(image)

    def visit(node: Node, depth: int) -> None:
        _draw_node(draw, node, depth)
        for child in node.children:
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return image


def to_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def to_jpeg(image: Image.Image, quality: int = 80) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=max(10, min(95, quality)))
    return out.getvalue()
