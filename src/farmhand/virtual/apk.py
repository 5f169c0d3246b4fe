"""Read the package name and version of an APK pushed to a virtual phone (``pm install``).

A real APK is a zip whose ``AndroidManifest.xml`` is compiled binary XML ("AXML"); a test
double may carry a plain-text manifest instead. Only the ``<manifest>`` element's
``package``, ``versionName`` and ``versionCode`` are read.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

ANDROID_NS = "http://schemas.android.com/apk/res/android"
_CHUNK = struct.Struct("<HHI")
_RES_STRING_POOL = 0x0001
_RES_XML_START_ELEMENT = 0x0102
_TYPE_STRING = 0x03
_TYPE_INT_DEC = 0x10
_TYPE_INT_HEX = 0x11
_NO_INDEX = 0xFFFFFFFF


class ApkError(ValueError):
    """Not an APK the phone can install; the message says why."""


@dataclass(frozen=True, slots=True)
class ApkInfo:
    package: str
    version_name: str
    version_code: int
    label: str = ""


def read_apk(handle: BinaryIO) -> ApkInfo:
    try:
        with zipfile.ZipFile(handle) as archive:
            try:
                manifest = archive.read("AndroidManifest.xml")
            except KeyError:
                raise ApkError("no AndroidManifest.xml in the archive") from None
    except zipfile.BadZipFile:
        raise ApkError("not a zip archive") from None
    if manifest.lstrip()[:1] == b"<":
        return _text_manifest(manifest)
    return _binary_manifest(manifest)


def _text_manifest(data: bytes) -> ApkInfo:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ApkError(f"unreadable AndroidManifest.xml ({exc})") from None
    package = root.get("package")
    if not package:
        raise ApkError("AndroidManifest.xml has no package attribute")
    code = root.get(f"{{{ANDROID_NS}}}versionCode", "1")
    application = root.find("application")
    label = application.get(f"{{{ANDROID_NS}}}label", "") if application is not None else ""
    return ApkInfo(
        package=package,
        version_name=root.get(f"{{{ANDROID_NS}}}versionName", "1.0"),
        version_code=int(code) if code.isdigit() else 1,
        label=label,
    )


def _strings(data: bytes, start: int) -> list[str]:
    _, header_size, _ = _CHUNK.unpack_from(data, start)
    count, _styles, flags, strings_start, _ = struct.unpack_from("<IIIII", data, start + 8)
    utf8 = bool(flags & 0x100)
    offsets = struct.unpack_from(f"<{count}I", data, start + header_size)
    base = start + strings_start
    result = []
    for offset in offsets:
        pos = base + offset
        if utf8:
            pos += 2 if data[pos] & 0x80 else 1  # utf-16 length, unused
            length = data[pos]
            if length & 0x80:
                length = ((length & 0x7F) << 8) | data[pos + 1]
                pos += 1
            pos += 1
            result.append(data[pos : pos + length].decode("utf-8", errors="replace"))
        else:
            (length,) = struct.unpack_from("<H", data, pos)
            pos += 2
            if length & 0x8000:
                (low,) = struct.unpack_from("<H", data, pos)
                length = ((length & 0x7FFF) << 16) | low
                pos += 2
            result.append(data[pos : pos + 2 * length].decode("utf-16-le", errors="replace"))
    return result


def _binary_manifest(data: bytes) -> ApkInfo:
    try:
        strings: list[str] = []
        pos = 8
        while pos + 8 <= len(data):
            kind, _header, size = _CHUNK.unpack_from(data, pos)
            if size < 8:
                break
            if kind == _RES_STRING_POOL and not strings:
                strings = _strings(data, pos)
            elif kind == _RES_XML_START_ELEMENT:
                name_index = struct.unpack_from("<I", data, pos + 20)[0]
                if strings[name_index] == "manifest":
                    return _manifest_attributes(data, pos, strings)
            pos += size
    except (struct.error, IndexError) as exc:
        raise ApkError(f"damaged binary AndroidManifest.xml ({exc})") from None
    raise ApkError("no <manifest> element in AndroidManifest.xml")


def _manifest_attributes(data: bytes, pos: int, strings: list[str]) -> ApkInfo:
    attr_start, attr_size, attr_count = struct.unpack_from("<HHH", data, pos + 24)
    values: dict[str, str | int] = {}
    for i in range(attr_count):
        at = pos + 16 + attr_start + i * attr_size
        _ns, name, raw, _size, _res0, data_type, value = struct.unpack_from("<IIIHBBI", data, at)
        key = strings[name]
        if raw != _NO_INDEX:
            values[key] = strings[raw]
        elif data_type == _TYPE_STRING:
            values[key] = strings[value]
        elif data_type in (_TYPE_INT_DEC, _TYPE_INT_HEX):
            values[key] = value
    package = values.get("package")
    if not isinstance(package, str) or not package:
        raise ApkError("the manifest names no package")
    code = values.get("versionCode", 1)
    return ApkInfo(
        package=package,
        version_name=str(values.get("versionName", "1.0")),
        version_code=int(code) if isinstance(code, int) or str(code).isdigit() else 1,
    )
