"""The virtual TikTok app, Global and Asia builds, as the phone core's app registry loads it."""

from __future__ import annotations

from farmhand.virtual.app import VirtualApp
from farmhand.virtual.apps.tiktok.app import TikTokApp, TikTokAsiaApp

APPS: list[type[VirtualApp]] = [TikTokApp, TikTokAsiaApp]

__all__ = ["APPS", "TikTokApp", "TikTokAsiaApp"]
