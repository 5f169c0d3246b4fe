"""A farm of virtual phones under one data folder.

``VirtualFarm(data_dir, count, seed)`` creates or reloads ``vphone-01`` .. ``vphone-NN`` under
``<data_dir>/vphones/``. Each phone gets a TCP port, chosen free when the phone is created and
remembered in ``vphones/farm.json``, so its serial ``127.0.0.1:<port>`` survives restarts; if a
remembered port is taken by another process at start-up, a new one is picked and logged.
Growing the count adds phones; shrinking keeps the others' folders but does not load them.
"""

from __future__ import annotations

import logging
import random
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from farmhand.virtual.persist import read_json, write_json
from farmhand.virtual.phone import VirtualPhone
from farmhand.virtual.profiles import pick_profile

log = logging.getLogger(__name__)

PORT_RANGE = (20000, 32000)  # below Linux's ephemeral range, where client sockets land
MAX_PHONES = 999


def phone_name(index: int) -> str:
    return f"vphone-{index:02d}"


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@dataclass
class FarmPhone:
    name: str
    port: int
    phone: VirtualPhone

    @property
    def serial(self) -> str:
        return f"127.0.0.1:{self.port}"


class VirtualFarm:
    def __init__(self, data_dir: Path, count: int, seed: int | None = None) -> None:
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_PHONES:
            raise ValueError(f"count: must be an integer from 0 to {MAX_PHONES}, got {count!r}")
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "vphones"
        self.root.mkdir(parents=True, exist_ok=True)
        self._index_path = self.root / "farm.json"
        saved = read_json(self._index_path)
        index: dict[str, Any] = saved if isinstance(saved, dict) else {}
        if "seed" not in index:
            index["seed"] = seed if seed is not None else random.SystemRandom().randrange(1 << 31)
        self.seed = int(index["seed"])
        entries: dict[str, dict[str, Any]] = dict(index.get("phones", {}))
        self._pick = random.Random(f"{self.data_dir.resolve()}/{self.seed}")
        self.phones: list[FarmPhone] = []
        taken = {int(e["port"]) for e in entries.values() if "port" in e}
        for i in range(1, count + 1):
            name = phone_name(i)
            entry = entries.setdefault(name, {})
            port = entry.get("port")
            if port is None:
                port = self._free_port(taken)
                entry["port"] = port
            elif not port_free(int(port)):
                new = self._free_port(taken)
                log.warning(
                    "%s: remembered port %s is taken by another process; now on port %s", name, port, new
                )
                entry["port"] = port = new
            taken.add(int(port))
            phone_seed = int(entry.setdefault("seed", (self.seed * 1_000_003 + i) % (1 << 31)))
            phone = VirtualPhone(
                name,
                self.root / name,
                profile=entry.get("profile") or pick_profile(phone_seed),
                seed=phone_seed,
            )
            entry["profile"] = phone.profile.key
            self.phones.append(FarmPhone(name, int(port), phone))
        index["phones"] = entries
        write_json(self._index_path, index)

    def _free_port(self, taken: set[int]) -> int:
        for _ in range(2000):
            port = self._pick.randrange(*PORT_RANGE)
            if port not in taken and port_free(port):
                return port
        raise OSError("no free TCP port found for a virtual phone")

    def phone(self, key: str) -> FarmPhone:
        """A phone by name (``vphone-03``) or serial (``127.0.0.1:23456``)."""
        for entry in self.phones:
            if key in (entry.name, entry.serial):
                return entry
        raise KeyError(f"no virtual phone {key!r} in this farm")

    def save(self) -> None:
        for entry in self.phones:
            entry.phone.save()

    def __len__(self) -> int:
        return len(self.phones)
