"""The phone's media store: what galleries and share intents see.

As on Android, a file pushed to the shared storage is not in the store until something scans
it (``content call ... scan_volume``, ``scan_file``, or the ``MEDIA_SCANNER_SCAN_FILE``
broadcast). Paths are stored in their canonical ``/storage/emulated/0/...`` form, as Android
stores ``_data``; a query with a ``/sdcard/...`` path finds nothing, on a real phone too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from farmhand.media import IMAGE_EXTENSIONS, VIDEO_EXTENSIONS
from farmhand.virtual.app import MediaItem
from farmhand.virtual.filesystem import EXTERNAL, PhoneFS

FIRST_ID = 1000
_TABLES = {
    "content://media/external/video/media": "video",
    "content://media/external_primary/video/media": "video",
    "content://media/external/images/media": "image",
    "content://media/external_primary/images/media": "image",
    "content://media/external/file": None,
    "content://media/external_primary/file": None,
}
_CONDITION = re.compile(r"""\s*(\w+)\s*(=|LIKE)\s*('(?:[^']|'')*'|"[^"]*"|-?\d+)\s*""", re.IGNORECASE)


class QueryError(ValueError):
    """A content query the phone cannot answer; the message says what is wrong."""


def media_kind_of(path: str) -> tuple[str, str] | None:
    """(kind, mime) judged by the extension, as the media scanner does."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix in VIDEO_EXTENSIONS:
        return "video", VIDEO_EXTENSIONS[suffix]
    if suffix in IMAGE_EXTENSIONS:
        return "image", IMAGE_EXTENSIONS[suffix]
    return None


class MediaStore:
    def __init__(self, fs: PhoneFS, clock: Callable[[], float], data: dict[str, Any] | None = None) -> None:
        self._fs = fs
        self._clock = clock
        data = data or {}
        self._next_id = int(data.get("next_id", FIRST_ID))
        self._items: dict[str, MediaItem] = {}
        for raw in data.get("items", []):
            item = MediaItem(
                media_id=int(raw["media_id"]),
                path=str(raw["path"]),
                kind=str(raw["kind"]),
                mime=str(raw["mime"]),
                size=int(raw["size"]),
                added_at=float(raw["added_at"]),
            )
            self._items[item.path] = item

    def to_json(self) -> dict[str, Any]:
        return {
            "next_id": self._next_id,
            "items": [
                {
                    "media_id": i.media_id,
                    "path": i.path,
                    "kind": i.kind,
                    "mime": i.mime,
                    "size": i.size,
                    "added_at": i.added_at,
                }
                for i in self._items.values()
            ],
        }

    # --- scanning --------------------------------------------------------------------------
    def scan_file(self, path: str) -> MediaItem | None:
        """Index one file (or drop its entry if the file is gone); return its entry."""
        canonical = self._fs.canonical(path)
        kind = media_kind_of(canonical)
        st = self._fs.stat(canonical)
        if st is None or kind is None or not self._fs.is_file(canonical):
            self._items.pop(canonical, None)
            return None
        known = self._items.get(canonical)
        if known is not None and known.size == st.size:
            return known
        item = MediaItem(
            media_id=known.media_id if known else self._take_id(),
            path=canonical,
            kind=kind[0],
            mime=kind[1],
            size=st.size,
            added_at=self._clock(),
        )
        self._items[canonical] = item
        return item

    def scan_volume(self) -> int:
        """Index the whole shared storage (new files added, vanished ones dropped)."""
        for path in [p for p in self._items if not self._fs.is_file(p)]:
            del self._items[path]
        found = 0
        for path in self._fs.walk_files(EXTERNAL):
            if "/Android/data/" in path or media_kind_of(path) is None:
                continue
            if self.scan_file(path) is not None:
                found += 1
        return found

    def _take_id(self) -> int:
        media_id = self._next_id
        self._next_id += 1
        return media_id

    # --- reading ---------------------------------------------------------------------------
    def items(self) -> list[MediaItem]:
        """Newest first, as a gallery shows them; entries whose file is gone are skipped."""
        alive = [i for i in self._items.values() if self._fs.is_file(i.path)]
        return sorted(alive, key=lambda i: (i.added_at, i.media_id), reverse=True)

    def by_uri(self, uri: str) -> MediaItem | None:
        match = re.fullmatch(r"content://media/external(?:_primary)?/(video|images|file)/media/(\d+)", uri)
        if match is None:
            match = re.fullmatch(r"content://media/external(?:_primary)?/(file)/(\d+)", uri)
        if match is None:
            if uri.startswith("file://"):
                return self._items.get(self._fs.canonical(uri[len("file://") :]))
            return None
        table, media_id = match.group(1), int(match.group(2))
        for item in self._items.values():
            if item.media_id == media_id and (
                table == "file" or (table == "video") == (item.kind == "video")
            ):
                return item
        return None

    def delete(self, uri: str, where: str | None) -> int:
        rows = self.query(uri, None, where)
        for row in rows:
            self._items.pop(str(row["_data"]), None)
        return len(rows)

    def query(self, uri: str, projection: list[str] | None, where: str | None) -> list[dict[str, Any]]:
        """Rows of a ``content query`` on the media tables; raise :class:`QueryError`."""
        base = uri.rstrip("/")
        single: int | None = None
        if base not in _TABLES:
            head, _, tail = base.rpartition("/")
            if head in _TABLES and tail.isdigit():
                base, single = head, int(tail)
            else:
                raise QueryError(f"Unknown URL {uri}")
        kind = _TABLES[base]
        conditions = _parse_where(where)
        rows = []
        for item in sorted(self._items.values(), key=lambda i: i.media_id):
            if kind is not None and item.kind != kind:
                continue
            if single is not None and item.media_id != single:
                continue
            row: dict[str, Any] = {
                "_id": item.media_id,
                "_data": item.path,
                "_display_name": posixpath.basename(item.path),
                "mime_type": item.mime,
                "_size": item.size,
                "date_added": int(item.added_at),
                "media_type": 3 if item.kind == "video" else 1,
                "relative_path": posixpath.dirname(item.path)[len(EXTERNAL) + 1 :] + "/",
            }
            if all(_matches(row, c) for c in conditions):
                rows.append(row)
        if projection:
            unknown = [c for c in projection if rows and c not in rows[0]]
            if unknown:
                raise QueryError(f"no such column: {unknown[0]}")
            rows = [{c: r[c] for c in projection} for r in rows]
        return rows


def _parse_where(where: str | None) -> list[tuple[str, str, str | int]]:
    if not where or not where.strip():
        return []
    conditions: list[tuple[str, str, str | int]] = []
    for part in re.split(r"\s+AND\s+", where.strip(), flags=re.IGNORECASE):
        match = _CONDITION.fullmatch(part)
        if match is None:
            raise QueryError(f"unsupported where clause: {part.strip()!r}")
        column, op, raw = match.groups()
        value: str | int = raw[1:-1].replace("''", "'") if raw[0] in "'\"" else int(raw)
        conditions.append((column, op.upper(), value))
    return conditions


def _matches(row: dict[str, Any], condition: tuple[str, str, str | int]) -> bool:
    column, op, value = condition
    if column not in row:
        raise QueryError(f"no such column: {column}")
    actual = row[column]
    if op == "LIKE":
        pattern = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in str(value))
        return re.fullmatch(pattern, str(actual), re.IGNORECASE | re.DOTALL) is not None
    return str(actual) == str(value)
