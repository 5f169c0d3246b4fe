"""What kind of media a file is, judged by its extension and its first bytes (never by
decoding it: a 2 GB video is checked in microseconds), and whether a path may be used."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

VIDEO_EXTENSIONS = {
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".3gp": "video/3gpp",
}
IMAGE_EXTENSIONS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
}


class MediaError(ValueError):
    """A file that cannot be used as material; the message says why."""


def _sniff(head: bytes) -> str | None:
    """The container judged from the first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "heic"
        return "isobmff"  # mp4, mov, m4v, 3gp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"  # webm
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "isobmff"  # old QuickTime files without ftyp
    return None


_EXPECTED = {
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
    ".png": {"png"},
    ".webp": {"webp"},
    ".heic": {"heic"},
    ".mp4": {"isobmff"},
    ".mov": {"isobmff"},
    ".m4v": {"isobmff"},
    ".3gp": {"isobmff"},
    ".webm": {"matroska"},
}


def media_kind(path: Path) -> str:
    """``"video"`` or ``"image"``; raise :class:`MediaError` saying what is wrong."""
    suffix = path.suffix.lower()
    if suffix not in _EXPECTED:
        supported = ", ".join(sorted(_EXPECTED))
        raise MediaError(
            f"{path}: not a supported video or image (extension {suffix or 'none'}; supported: {supported})"
        )
    if not path.exists():
        raise MediaError(f"{path}: does not exist")
    if not path.is_file():
        raise MediaError(f"{path}: is not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise MediaError(f"{path}: cannot be read ({exc.strerror})") from None
    if _sniff(head) not in _EXPECTED[suffix]:
        raise MediaError(f"{path}: content is not a {suffix[1:]} file (its first bytes do not match)")
    return "video" if suffix in VIDEO_EXTENSIONS else "image"


def mime_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return VIDEO_EXTENSIONS.get(suffix) or IMAGE_EXTENSIONS.get(suffix) or "application/octet-stream"


def under_roots(path: Path, roots: Iterable[Path]) -> bool:
    """True if ``path`` (symlinks resolved) lies inside one of ``roots``."""
    resolved = path.expanduser().resolve()
    for root in roots:
        try:
            resolved.relative_to(root.expanduser().resolve())
            return True
        except ValueError:
            continue
    return False


def check_material(path_text: str, roots: Iterable[Path]) -> tuple[Path, str]:
    """Validate a path a client sent: absolute, under a material root, a real video or image."""
    if not path_text or "\x00" in path_text:
        raise MediaError("empty or invalid path")
    path = Path(path_text).expanduser()
    if not path.is_absolute():
        raise MediaError(f"{path_text}: must be an absolute path")
    roots = list(roots)
    if not under_roots(path, roots):
        allowed = ", ".join(str(r) for r in roots) or "none configured"
        raise MediaError(f"{path_text}: outside the material roots ({allowed})")
    if path.is_dir():
        raise MediaError(f"{path_text}: is a folder, not a file")
    return path.resolve(), media_kind(path.resolve())


def list_folder(folder: Path) -> list[tuple[Path, str]]:
    """Usable media files in a folder (not recursive), sorted by name; unusable ones skipped."""
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix.lower() in _EXPECTED:
            try:
                found.append((entry, media_kind(entry)))
            except MediaError:
                continue
    return found
