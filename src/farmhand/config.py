"""How one farmhand process is configured: where its data lives, what it listens on, which
database it uses. Built by the CLI from options and ``FARMHAND_*`` environment variables."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

DEFAULT_PORT = 50809


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("farmhand", appauthor=False))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    database_url: str | None = None  # default: SQLite in the data directory
    material_roots: tuple[Path, ...] = ()  # default: <data_dir>/materials and the user's home
    virtual_phones: int = 0
    virtual_seed: int | None = None
    api_token: str | None = None
    allowed_hosts: tuple[str, ...] = ()  # extra Host header names accepted
    host_name: str = field(default_factory=socket.gethostname)  # this host in a shared database
    use_adb: bool = True  # track phones through the adb server
    adb_port: int = 5037
    # Runtime settings given on the command line; None keeps the stored value.
    time_scale: float | None = None
    plan: str | None = None
    max_concurrent_devices: int | None = None

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'farmhand.db'}"

    @property
    def materials_dir(self) -> Path:
        return self.data_dir / "materials"

    @property
    def roots(self) -> tuple[Path, ...]:
        """Where files named in requests may lie."""
        if self.material_roots:
            return tuple(p.expanduser().resolve() for p in self.material_roots)
        return (self.materials_dir.resolve(), Path.home().resolve())

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def accepted_hosts(self) -> set[str]:
        """Host header names that may reach the API (DNS-rebinding defence)."""
        names = {"127.0.0.1", "localhost", "[::1]", "::1", self.host, *self.allowed_hosts}
        if not is_loopback(self.host) and self.host not in ("0.0.0.0", "::"):
            names.add(self.host)
        return {n.lower() for n in names}

    def check(self) -> None:
        """Raise ValueError naming the option that is wrong."""
        if not 1 <= self.port <= 65535:
            raise ValueError(f"--port: {self.port} is not a TCP port (1-65535)")
        if not is_loopback(self.host) and not self.api_token:
            raise ValueError(
                f"--host {self.host}: listening beyond this machine needs an API token "
                "(--api-token or FARMHAND_API_TOKEN); clients then send 'Authorization: Bearer <token>'"
            )
        if self.virtual_phones < 0 or self.virtual_phones > 2000:
            raise ValueError("--virtual-phones: must be between 0 and 2000")
        if self.time_scale is not None and not 0 < self.time_scale <= 100:
            raise ValueError("--time-scale: must be > 0 and <= 100")
        for root in self.material_roots:
            if not root.expanduser().is_dir():
                raise ValueError(f"--material-root {root}: not an existing folder")
