"""Finding a post's media at run time: the files of ``material_list``, a local folder read
afresh at every run (retries included), or unused files of the library (reserved for the task,
marked used once the post completed)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from farmhand.domain import ErrorCode
from farmhand.media import MediaError, list_folder, media_kind, under_roots
from farmhand.scripts.base import MaterialNeed, ScriptError
from farmhand.store import materials as material_store
from farmhand.store.db import Database


def _missing(message: str) -> ScriptError:
    return ScriptError(ErrorCode.MATERIAL_MISSING, message)


def resolve(
    need: MaterialNeed, *, db: Database, task_id: int, roots: Sequence[Path], rng: random.Random
) -> tuple[list[Path], bool]:
    """Local files for the post, and whether they were reserved in the library."""
    if need.source == "list":
        files = []
        for text in need.paths:
            path = Path(text)
            if not under_roots(path, roots):
                raise _missing(f"{text}: no longer under the material roots")
            try:
                media_kind(path)
            except MediaError as exc:
                raise _missing(str(exc)) from None
            files.append(path)
        return files, False

    if need.source == "folder":
        folder = Path(need.folder or "")
        if not folder.is_dir():
            raise _missing(f"material_path {folder}: the folder no longer exists")
        candidates = [path for path, kind in list_folder(folder) if kind == need.kind]
        if len(candidates) < need.count:
            raise _missing(
                f"material_path {folder}: needs {need.count} {need.kind} file(s), found {len(candidates)}"
            )
        return rng.sample(candidates, need.count), False

    reserved = db.run_write(
        lambda c: material_store.reserve(
            c, task_id=task_id, kind=need.kind, tags=list(need.tags), count=need.count
        )
    )
    if not reserved:
        tags = f" tagged {', '.join(need.tags)}" if need.tags else ""
        raise _missing(f"the material library has fewer than {need.count} unused {need.kind} file(s){tags}")
    files = [Path(m.path) for m in reserved]
    for path in files:
        if not path.is_file():
            db.run_write(lambda c: material_store.release(c, task_id))
            raise _missing(f"library material {path} no longer exists on disk")
    return files, True
