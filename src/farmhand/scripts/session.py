"""One app on one phone for one task: is it installed, which version, start it, open links,
close it at the end.

Shell commands carrying anything a client sent (URLs, usernames) always go through the list
form of ``device.shell`` so the phone's shell receives them quoted.
"""

from __future__ import annotations

import re

from farmhand.domain import DEFAULT_PACKAGES, ErrorCode, Platform
from farmhand.scripts.base import ScriptContext, ScriptError
from farmhand.scripts.ui.screen import Screen
from farmhand.scripts.ui.selectors import Selectors, load_table

TIKTOK_LAUNCHER = "com.ss.android.ugc.aweme.splash.SplashActivity"
APP_LABELS = {Platform.TIKTOK: "TikTok", Platform.INSTAGRAM: "Instagram"}
START_TIMEOUT = 45.0  # real seconds for a cold start to show its home screen

_VERSION = re.compile(r"versionName=(\S+)")


def _failed(stdout: str, stderr: str) -> bool:
    """``am start`` reports many errors on stdout with exit code 0."""
    text = stdout + stderr
    return "Error:" in text or "Exception" in text or "does not exist" in text


class AppSession:
    """The app a task drives (``ctx.platform`` / ``ctx.package``)."""

    def __init__(self, ctx: ScriptContext) -> None:
        self.ctx = ctx
        self.device = ctx.device
        self.platform = ctx.platform
        self.package = ctx.package
        self.label = APP_LABELS[self.platform]
        if self.package != DEFAULT_PACKAGES[self.platform]:
            self.label += f" ({self.package})"
        self.version: str | None = None
        self._screen: Screen | None = None
        self._close_registered = False

    @property
    def screen(self) -> Screen:
        if self._screen is None:
            raise RuntimeError("AppSession.prepare() must run first")
        return self._screen

    # --- installation ------------------------------------------------------------------------
    def installed(self) -> bool:
        listed = self.device.shell(["pm", "list", "packages", self.package]).stdout
        return f"package:{self.package}" in listed.split()

    def read_version(self) -> str | None:
        out = self.device.shell(["dumpsys", "package", self.package]).stdout
        match = _VERSION.search(out)
        return match.group(1) if match else None

    def prepare(self) -> Screen:
        """Check the app is there, read its version and load the selectors for that version."""
        if self._screen is not None:
            return self._screen
        if not self.installed():
            raise ScriptError(
                ErrorCode.APP_NOT_INSTALLED, f"{self.label} ({self.package}) is not installed on the phone"
            )
        self.version = self.read_version()
        table = load_table(self.platform.value)
        selectors = Selectors(table, load_table("system"), self.version)
        self.ctx.log(f"{self.label} version {self.version or 'unknown'}")
        self._screen = Screen(self.ctx, selectors, app_label=self.label)
        return self._screen

    # --- running -------------------------------------------------------------------------------
    def close(self) -> None:
        self.device.shell(["am", "force-stop", self.package], timeout=10.0)

    def close_at_end(self) -> None:
        """Close the app when the task ends, whatever the outcome (once)."""
        if not self._close_registered:
            self._close_registered = True
            self.ctx.on_cleanup(f"close {self.label}", self.close)

    def launch(self) -> None:
        """Cold-start the app on its launcher activity."""
        self.close_at_end()
        self.close()
        if self.platform is Platform.TIKTOK:
            result = self.device.shell(["am", "start", "-S", "-n", f"{self.package}/{TIKTOK_LAUNCHER}"])
            if result.ok and not _failed(result.stdout, result.stderr):
                return
        result = self.device.shell(
            ["monkey", "-p", self.package, "-c", "android.intent.category.LAUNCHER", "1"]
        )
        if not result.ok or "No activities found" in result.stdout + result.stderr:
            raise ScriptError(
                ErrorCode.DEVICE_ERROR, f"could not start {self.label}: {result.stderr.strip()}"
            )

    def start(self) -> Screen:
        """Cold-start the app and wait for its home screen (pop-ups dismissed, English checked)."""
        screen = self.prepare()
        self.launch()
        h = screen.wait_screen("home", timeout=START_TIMEOUT)
        screen.check_language(h)
        return screen

    def open_url(self, url: str) -> None:
        """Open a link inside the app (VIEW intent aimed at the package, so no chooser)."""
        refused = self._am_start(["-a", "android.intent.action.VIEW", "-d", url, self.package])
        if refused is not None:
            raise ScriptError(ErrorCode.DEVICE_ERROR, f"could not open {url} in {self.label}: {refused}")

    def start_activity(self, args: list[str], what: str) -> None:
        """``am start`` with the given arguments (share intents); fail clearly if refused."""
        refused = self._am_start(args)
        if refused is not None:
            raise ScriptError(ErrorCode.DEVICE_ERROR, f"{what} failed: {refused or 'no answer'}")

    def _am_start(self, args: list[str]) -> str | None:
        """``am start -W``; None if it started, else the last line it said (maybe empty)."""
        self.close_at_end()
        result = self.device.shell(["am", "start", "-W", *args])
        if result.ok and not _failed(result.stdout, result.stderr):
            return None
        detail = (result.stderr or result.stdout).strip().splitlines()
        return detail[-1] if detail else ""


def selectors_for(platform: Platform, version: str | None = None) -> Selectors:
    """The merged selectors of an app version (tools and tests)."""
    return Selectors(load_table(platform.value), load_table("system"), version)
