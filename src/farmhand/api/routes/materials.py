"""``/material``: the material library (upload or register files, tag them, see which are used)."""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from farmhand.api import serialize
from farmhand.api.body import documented, json_object
from farmhand.api.context import AppContext
from farmhand.api.envelope import ERROR_RESPONSES, Envelope, success
from farmhand.api.schemas import MaterialDeleted, MaterialOut, MaterialPage
from farmhand.media import MediaError, check_material, media_kind
from farmhand.planning.errors import INVALID, RequestError
from farmhand.store import materials

MaterialId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class MaterialIn(BaseModel):
    path: str | None = Field(None, description="Register a file already under a material root (not copied)")
    filename: str | None = Field(None, description="Upload: the file's name (its extension decides the kind)")
    content_base64: str | None = Field(None, description="Upload: the file's bytes, base64")
    tags: list[str] | str = Field([], description="Tags, as a list or a comma list")


class MaterialPatch(BaseModel):
    tags: list[str] | str


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return materials.normalize_tags(value)
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return materials.normalize_tags(value)
    raise RequestError(INVALID, "tags: must be a list of strings or a comma-separated string")


def _save_upload(folder: Path, filename: str, payload: bytes) -> Path:
    """Write an upload into the materials folder atomically, under a name that cannot escape it."""
    stem = _SAFE_NAME.sub("_", Path(filename).stem).strip("._") or "material"
    suffix = Path(filename).suffix.lower()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        try:
            media_kind(Path(tmp))  # refuse what is not a real video or image before it gets a name
        except MediaError as exc:
            raise MediaError(str(exc).replace(tmp, filename)) from None
        target = folder / f"{stem}{suffix}"
        counter = 1
        while target.exists():
            target = folder / f"{stem}-{counter}{suffix}"
            counter += 1
        os.replace(tmp, target)
        return target
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/material", tags=["materials"], responses=ERROR_RESPONSES)
    db = ctx.db

    @router.get("", response_model=Envelope[MaterialPage], summary="List materials (newest first)")
    async def list_materials(
        tag: Annotated[
            str | None, Query(description="Comma list; a material with any of them matches")
        ] = None,
        used: bool | None = None,
        kind: Annotated[str | None, Query(pattern="^(video|image)$")] = None,
        page: Annotated[int, Query(ge=1, le=10**9)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 50,
    ) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as conn:
                items, total = materials.page(
                    conn,
                    tags=materials.normalize_tags(tag),
                    used=used,
                    kind=kind,
                    number=page,
                    size=page_size,
                )
            return success(
                {
                    "items": [serialize.material(m) for m in items],
                    "total": total,
                    "page": page,
                    "page_size": page_size,
                }
            )

        return await run_in_threadpool(work)

    @router.post(
        "",
        response_model=Envelope[MaterialOut],
        summary="Upload or register a material",
        openapi_extra=documented(MaterialIn, "Either path, or filename + content_base64"),
    )
    async def add_material(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        tags = _tags(body.get("tags", []))
        path_text, filename, content = body.get("path"), body.get("filename"), body.get("content_base64")
        if path_text is not None and (filename is not None or content is not None):
            raise RequestError(INVALID, "give either path, or filename and content_base64, not both")

        def register() -> Any:
            if path_text is not None:
                if not isinstance(path_text, str):
                    raise RequestError(INVALID, "path: must be a string")
                try:
                    path, kind = check_material(path_text, ctx.config.roots)
                except MediaError as exc:
                    raise RequestError(INVALID, f"path: {exc}") from None
            else:
                if not isinstance(filename, str) or not filename.strip():
                    raise RequestError(INVALID, "filename: is required with content_base64 (or give path)")
                if not isinstance(content, str) or not content:
                    raise RequestError(INVALID, "content_base64: is required with filename (or give path)")
                try:
                    payload = base64.b64decode(content, validate=True)
                except (binascii.Error, ValueError):
                    raise RequestError(INVALID, "content_base64: not valid base64") from None
                try:
                    path = _save_upload(ctx.config.materials_dir, filename, payload)
                    kind = media_kind(path)
                except MediaError as exc:
                    raise RequestError(
                        INVALID, f"filename: {exc}".replace(str(ctx.config.materials_dir), "upload")
                    ) from None
            size = path.stat().st_size

            def insert(conn: Any) -> Any:
                return materials.add(conn, path=str(path), name=path.name, kind=kind, size=size, tags=tags)

            try:
                return db.run_write(insert)
            except BaseException:
                if path_text is None:
                    path.unlink(missing_ok=True)
                raise

        record = await run_in_threadpool(register)
        return success(serialize.material(record))

    @router.patch(
        "/{material_id}",
        response_model=Envelope[MaterialOut],
        summary="Set a material's tags",
        openapi_extra=documented(MaterialPatch),
    )
    async def tag_material(material_id: MaterialId, request: Request) -> dict[str, Any]:
        body = await json_object(request)
        if "tags" not in body:
            raise RequestError(INVALID, "tags: is required")
        tags = _tags(body["tags"])

        def work(conn: Any) -> Any:
            materials.get(conn, material_id)
            materials.set_tags(conn, material_id, tags)
            return materials.get(conn, material_id)

        return success(serialize.material(await run_in_threadpool(db.run_write, work)))

    @router.delete(
        "/{material_id}", response_model=Envelope[MaterialDeleted], summary="Remove from the library"
    )
    async def delete_material(material_id: MaterialId) -> dict[str, Any]:
        await run_in_threadpool(db.run_write, lambda c: materials.remove(c, material_id))
        return success({"deleted": material_id})

    return router
