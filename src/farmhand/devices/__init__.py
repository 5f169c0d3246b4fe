"""Phones, as the engine and the scripts see them.

``base`` defines what a phone offers (shaped after what ADB really offers); ``shell_device``
builds the UI operations on top of a shell; backends: ``virtual`` (in-process, over
``farmhand.virtual``) and ``adb`` (real phones and wire-level virtual phones, through the adb
server).
"""

from farmhand.devices.base import (
    Device,
    DeviceError,
    DeviceInfo,
    DeviceOffline,
    DeviceTimeout,
    ShellResult,
)

__all__ = ["Device", "DeviceError", "DeviceInfo", "DeviceOffline", "DeviceTimeout", "ShellResult"]
