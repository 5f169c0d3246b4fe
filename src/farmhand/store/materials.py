"""The material library: media files with tags, picked by posts and marked used once posted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, exists, func, insert, select, update

from farmhand.store.errors import Conflict, NotFound
from farmhand.store.records import MaterialRecord
from farmhand.store.schema import material_tags, materials
from farmhand.timeutil import utcnow


def normalize_tags(tags: Sequence[str] | str | None) -> list[str]:
    """``"a, b"`` or ``["a", " b "]`` → ``["a", "b"]`` (trimmed, lower-case, unique, sorted)."""
    if tags is None:
        return []
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    return sorted({t.strip().lower() for t in items if t and t.strip()})


def _tags_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        rows = conn.execute(
            select(material_tags).where(material_tags.c.material_id.in_(ids)).order_by(material_tags.c.tag)
        )
        for row in rows:
            result[row.material_id].append(row.tag)
    return result


def _records(conn: Connection, rows: Sequence[object]) -> list[MaterialRecord]:
    mapped = [dict(r) for r in rows]  # type: ignore[call-overload]
    tags = _tags_of(conn, [m["id"] for m in mapped])
    return [MaterialRecord(**{**m, "used": bool(m["used"])}, tags=tags[m["id"]]) for m in mapped]


def add(
    conn: Connection, *, path: str, name: str, kind: str, size: int, tags: Sequence[str]
) -> MaterialRecord:
    if conn.execute(select(materials.c.id).where(materials.c.path == path)).first():
        raise Conflict(f"material {path} is already in the library")
    material_id = conn.execute(
        insert(materials)
        .values(path=path, name=name, kind=kind, size=size, created_at=utcnow())
        .returning(materials.c.id)
    ).scalar_one()
    set_tags(conn, material_id, tags)
    return get(conn, material_id)


def get(conn: Connection, material_id: int) -> MaterialRecord:
    row = conn.execute(select(materials).where(materials.c.id == material_id)).mappings().first()
    if row is None:
        raise NotFound(f"material {material_id} not found")
    return _records(conn, [row])[0]


def set_tags(conn: Connection, material_id: int, tags: Sequence[str]) -> None:
    conn.execute(delete(material_tags).where(material_tags.c.material_id == material_id))
    for tag in normalize_tags(tags):
        conn.execute(insert(material_tags).values(material_id=material_id, tag=tag))


def _tag_filter(tags: Sequence[str]) -> list[ColumnElement[bool]]:
    """A material matches when it carries any of the given tags (TikMatrix's comma list)."""
    if not tags:
        return []
    return [exists().where(material_tags.c.material_id == materials.c.id, material_tags.c.tag.in_(tags))]


def page(
    conn: Connection,
    *,
    tags: Sequence[str] = (),
    used: bool | None = None,
    kind: str | None = None,
    number: int = 1,
    size: int = 50,
) -> tuple[list[MaterialRecord], int]:
    conditions: list[ColumnElement[bool]] = _tag_filter(normalize_tags(tags))
    if used is not None:
        conditions.append(materials.c.used == used)
    if kind is not None:
        conditions.append(materials.c.kind == kind)
    total = conn.execute(select(func.count()).select_from(materials).where(*conditions)).scalar_one()
    rows = (
        conn.execute(
            select(materials)
            .where(*conditions)
            .order_by(materials.c.id.desc())
            .limit(size)
            .offset((number - 1) * size)
        )
        .mappings()
        .all()
    )
    return _records(conn, rows), int(total)


def reserve(
    conn: Connection, *, task_id: int, kind: str, tags: Sequence[str], count: int
) -> list[MaterialRecord]:
    """Pick ``count`` unused materials of ``kind`` for a task, oldest first, skipping those
    another running task has reserved. Empty if there are not enough."""
    conditions = [
        materials.c.used.is_(False),
        materials.c.kind == kind,
        (materials.c.reserved_by_task.is_(None)) | (materials.c.reserved_by_task == task_id),
        *_tag_filter(normalize_tags(tags)),
    ]
    ids = list(
        conn.execute(
            select(materials.c.id).where(*conditions).order_by(materials.c.id).limit(count)
        ).scalars()
    )
    if len(ids) < count:
        return []
    conn.execute(update(materials).where(materials.c.id.in_(ids)).values(reserved_by_task=task_id))
    return [get(conn, i) for i in ids]


def release(conn: Connection, task_id: int) -> None:
    conn.execute(
        update(materials).where(materials.c.reserved_by_task == task_id).values(reserved_by_task=None)
    )


def mark_used(conn: Connection, task_id: int, now: datetime) -> int:
    """The post completed: its reserved materials are used and never picked again."""
    result = conn.execute(
        update(materials)
        .where(materials.c.reserved_by_task == task_id)
        .values(used=True, used_at=now, used_by_task=task_id, reserved_by_task=None)
    )
    return result.rowcount


def remove(conn: Connection, material_id: int) -> MaterialRecord:
    record = get(conn, material_id)
    conn.execute(delete(material_tags).where(material_tags.c.material_id == material_id))
    conn.execute(delete(materials).where(materials.c.id == material_id))
    return record
