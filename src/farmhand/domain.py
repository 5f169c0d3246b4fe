"""Words shared by every layer: task states, error codes, platforms.

Kept free of imports from the rest of the package so that the store, the engine, the
scripts and the API can all speak the same language without depending on each other.
"""

from __future__ import annotations

import enum


class TaskStatus(enum.IntEnum):
    PENDING = 0
    RUNNING = 1
    COMPLETED = 2
    FAILED = 3

    @property
    def text(self) -> str:
        return self.name.lower()


class ErrorCode(enum.StrEnum):
    """Why a task failed. Stored in ``tasks.error_code`` and returned by the API."""

    STOPPED = "STOPPED"  # a person stopped it
    DEVICE_OFFLINE = "DEVICE_OFFLINE"  # the phone dropped while running, or stayed offline too long
    INTERRUPTED = "INTERRUPTED"  # the process running it died or was shut down
    TIMEOUT = "TIMEOUT"  # the task's run limit passed
    MATERIAL_MISSING = "MATERIAL_MISSING"  # no file to post (library empty, folder gone, file deleted)
    UI_NOT_FOUND = "UI_NOT_FOUND"  # an expected screen element never showed up
    CAPTCHA = "CAPTCHA"  # the app asks for a human check
    ACTION_BLOCKED = "ACTION_BLOCKED"  # the app refuses the action ("Try again later", "following too fast")
    UPLOAD_FAILED = "UPLOAD_FAILED"  # the app reported that the upload failed
    APP_NOT_INSTALLED = "APP_NOT_INSTALLED"  # the app package is not on the phone
    WRONG_LANGUAGE = "WRONG_LANGUAGE"  # the app does not run in English
    LOGGED_OUT = "LOGGED_OUT"  # the app shows a login screen, or the account is not on the phone
    DEVICE_ERROR = "DEVICE_ERROR"  # a device command failed in an unexpected way
    INTERNAL = "INTERNAL"  # a bug in farmhand; the remark carries a trace id


# Errors after which an automatic retry would be wrong: a person asked for the stop, or the
# outcome of the interrupted run is unknown (at most once: posting twice is worse than not posting).
NO_AUTO_RETRY = frozenset({ErrorCode.STOPPED, ErrorCode.INTERRUPTED})


class Platform(enum.StrEnum):
    TIKTOK = "tiktok"
    INSTAGRAM = "instagram"


DEFAULT_PACKAGES: dict[Platform, str] = {
    Platform.TIKTOK: "com.zhiliaoapp.musically",
    Platform.INSTAGRAM: "com.instagram.android",
}


class DeviceState(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNAUTHORIZED = "unauthorized"
    ABSENT = "absent"  # the adb server no longer lists it


class TaskSource(enum.StrEnum):
    API = "api"
    UI = "ui"
    SCHEDULE = "schedule"
