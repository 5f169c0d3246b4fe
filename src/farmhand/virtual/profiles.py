"""Model and Android-version profiles a virtual phone can claim to be.

Every profile has the same 1080x2400 screen (a common size among farm phones); what differs is
what ``getprop``, the ADB banner and the permission dialogs show (Android 13+ asks for "photos
and videos" with "Allow all", older versions with "Allow").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

WIDTH = 1080
HEIGHT = 2400
DENSITY = 420


@dataclass(frozen=True, slots=True)
class Profile:
    key: str
    brand: str
    manufacturer: str
    model: str
    device: str  # ro.product.device
    product: str  # ro.product.name
    release: str  # ro.build.version.release
    sdk: int
    abi: str = "arm64-v8a"

    def props(self, serial: str, locale: str = "en-US") -> dict[str, str]:
        build = f"FH1A.{self.sdk}0101/1:user/release-keys"
        fingerprint = f"{self.brand}/{self.product}/{self.device}:{self.release}/{build}"
        return {
            "ro.product.brand": self.brand,
            "ro.product.manufacturer": self.manufacturer,
            "ro.product.model": self.model,
            "ro.product.device": self.device,
            "ro.product.name": self.product,
            "ro.product.cpu.abi": self.abi,
            "ro.product.cpu.abilist": f"{self.abi},armeabi-v7a,armeabi",
            "ro.build.version.release": self.release,
            "ro.build.version.sdk": str(self.sdk),
            "ro.build.fingerprint": fingerprint,
            "ro.build.type": "user",
            "ro.build.tags": "release-keys",
            "ro.serialno": serial,
            "ro.boot.serialno": serial,
            "ro.secure": "1",
            "ro.debuggable": "0",
            "ro.adb.secure": "1",
            "ro.sf.lcd_density": str(DENSITY),
            "persist.sys.locale": locale,
            "ro.product.locale": locale,
            "persist.sys.timezone": "UTC",
            "sys.boot_completed": "1",
            "init.svc.adbd": "running",
            "gsm.operator.alpha": "Virtual",
            "farmhand.virtual": "1",
        }


PROFILES: dict[str, Profile] = {
    p.key: p
    for p in (
        Profile("pixel7-a14", "google", "Google", "Pixel 7", "panther", "panther", "14", 34),
        Profile("galaxy-a52-a13", "samsung", "samsung", "SM-A525F", "a52q", "a52qnsxx", "13", 33),
        Profile("redmi-note10-a12", "Redmi", "Xiaomi", "M2101K7AG", "mojito", "mojito_global", "12", 31),
        Profile("pixel4a-a11", "google", "Google", "Pixel 4a", "sunfish", "sunfish", "11", 30),
        Profile("moto-g8-a10", "motorola", "motorola", "moto g(8)", "rav", "rav_retail", "10", 29),
    )
}
DEFAULT_PROFILE = "pixel7-a14"


def profile(key: str) -> Profile:
    try:
        return PROFILES[key]
    except KeyError:
        raise ValueError(f"unknown phone profile {key!r} (known: {', '.join(PROFILES)})") from None


def pick_profile(seed: int) -> str:
    """A profile chosen by seed, mostly recent Android, so a farm looks varied but stable."""
    keys = list(PROFILES)
    weights = [5, 4, 3, 2, 1]
    return random.Random(seed).choices(keys, weights=weights, k=1)[0]
