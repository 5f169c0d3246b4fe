"""The virtual Instagram app, as the phone core's app registry loads it."""

from __future__ import annotations

from farmhand.virtual.app import VirtualApp
from farmhand.virtual.apps.instagram.app import InstagramApp

APPS: list[type[VirtualApp]] = [InstagramApp]

__all__ = ["APPS", "InstagramApp"]
