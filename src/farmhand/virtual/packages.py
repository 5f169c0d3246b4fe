"""Installed packages of a virtual phone (what ``pm`` and ``dumpsys package`` report), and the
runtime permissions each has been granted or refused."""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class PackageRecord:
    package: str
    label: str
    version_name: str
    version_code: int
    system: bool
    installed_at: float
    updated_at: float
    granted: list[str] = field(default_factory=list)
    denied: dict[str, int] = field(default_factory=dict)  # permission → refusals

    @property
    def apk_path(self) -> str:
        if self.system:
            return f"/system/priv-app/{self.package.rsplit('.', 1)[-1]}/{self.package}.apk"
        token = hashlib.sha1(self.package.encode()).hexdigest()[:22]
        return f"/data/app/~~{token}==/{self.package}-{token[::-1]}==/base.apk"

    @property
    def uid(self) -> int:
        if self.system:
            return 1000
        return 10000 + int(hashlib.sha1(self.package.encode()).hexdigest()[:6], 16) % 9000

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PackageRecord:
        return cls(
            package=str(data["package"]),
            label=str(data.get("label", "")),
            version_name=str(data.get("version_name", "1.0")),
            version_code=int(data.get("version_code", 1)),
            system=bool(data.get("system", False)),
            installed_at=float(data.get("installed_at", 0.0)),
            updated_at=float(data.get("updated_at", 0.0)),
            granted=[str(p) for p in data.get("granted", [])],
            denied={str(k): int(v) for k, v in dict(data.get("denied", {})).items()},
        )


class PackageTable:
    def __init__(self, records: list[PackageRecord] | None = None) -> None:
        self._records: dict[str, PackageRecord] = {r.package: r for r in records or []}

    def to_json(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self._records.values()]

    @classmethod
    def from_json(cls, data: list[dict[str, Any]]) -> PackageTable:
        return cls([PackageRecord.from_json(item) for item in data])

    def get(self, package: str) -> PackageRecord | None:
        return self._records.get(package)

    def __contains__(self, package: object) -> bool:
        return package in self._records

    def all(self) -> list[PackageRecord]:
        return list(self._records.values())

    def install(
        self, package: str, label: str, version_name: str, version_code: int, system: bool = False
    ) -> PackageRecord:
        now = time.time()
        known = self._records.get(package)
        if known is not None:
            known.version_name, known.version_code, known.updated_at = version_name, version_code, now
            known.label = label or known.label
            return known
        record = PackageRecord(package, label, version_name, version_code, system, now, now)
        self._records[package] = record
        return record

    def uninstall(self, package: str) -> bool:
        return self._records.pop(package, None) is not None

    # --- runtime permissions -------------------------------------------------------------
    def is_granted(self, package: str, permission: str) -> bool:
        record = self._records.get(package)
        return record is not None and permission in record.granted

    def refusals(self, package: str, permission: str) -> int:
        record = self._records.get(package)
        return record.denied.get(permission, 0) if record else 0

    def answer(self, package: str, permission: str, granted: bool) -> None:
        record = self._records.get(package)
        if record is None:
            return
        if granted:
            if permission not in record.granted:
                record.granted.append(permission)
            record.denied.pop(permission, None)
        else:
            if permission in record.granted:
                record.granted.remove(permission)
            record.denied[permission] = record.denied.get(permission, 0) + 1

    def reset_permissions(self, package: str) -> None:
        record = self._records.get(package)
        if record is not None:
            record.granted.clear()
            record.denied.clear()
