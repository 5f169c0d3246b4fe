"""``content``: the media provider (scan, query, delete), as scripts index pushed media."""

from __future__ import annotations

from farmhand.virtual.media_store import QueryError
from farmhand.virtual.shell.proc import Proc, command, usage

_VALUE_OPTIONS = (
    "--uri",
    "--method",
    "--arg",
    "--projection",
    "--where",
    "--sort",
    "--user",
    "--extra",
    "--bind",
)


def _options(p: Proc, args: list[str]) -> dict[str, str] | None:
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in _VALUE_OPTIONS and rest:
            found[arg[2:]] = rest.pop(0)
        else:
            p.err += f"[ERROR] Unsupported argument: {arg}\n".encode()
            return None
    if "uri" not in found:
        p.err += b"[ERROR] Content provider URI not specified. Did you specify --uri argument?\n"
        return None
    return found


@command("content")
def content(p: Proc) -> int:
    if not p.args:
        return usage(p, "usage: content call|query|delete --uri URI ...")
    verb = p.args[0]
    options = _options(p, p.args[1:])
    if options is None:
        return 1
    uri = options["uri"]
    media = p.phone.media
    if verb == "call":
        if uri.rstrip("/") != "content://media":
            p.err += f"[ERROR] Unknown authority {uri}\n".encode()
            return 1
        method = options.get("method", "")
        if method == "scan_volume":
            media.scan_volume()
        elif method == "scan_file":
            if not options.get("arg"):
                p.err += b"[ERROR] scan_file needs --arg PATH\n"
                return 1
            media.scan_file(options["arg"])
        else:
            p.err += f"[ERROR] Unsupported method {method}\n".encode()
            return 1
        p.phone.mark_dirty()
        p.line("Result: Bundle[{}]")
        return 0
    try:
        if verb == "query":
            projection = options["projection"].split(":") if "projection" in options else None
            rows = media.query(uri, projection, options.get("where"))
            if not rows:
                p.line("No result found.")
            for index, row in enumerate(rows):
                p.line(f"Row: {index} " + ", ".join(f"{k}={v}" for k, v in row.items()))
            return 0
        if verb == "delete":
            media.delete(uri, options.get("where"))
            p.phone.mark_dirty()
            return 0
    except QueryError as exc:
        p.err += f"Error while accessing provider:media\njava.lang.IllegalArgumentException: {exc}\n".encode()
        return 1
    p.err += f"[ERROR] Unsupported operation: {verb}\n".encode()
    return 1
