"""``dumpsys`` services, shaped so the usual parsers (adbutils, uiautomator2, farmhand's own)
read them: battery, window, activity, package, input_method, display, power, SurfaceFlinger."""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING

from farmhand.virtual.activities import short_name
from farmhand.virtual.profiles import DENSITY, HEIGHT, WIDTH
from farmhand.virtual.shell.commands.system import pid_of
from farmhand.virtual.shell.proc import Proc, command

if TYPE_CHECKING:
    from farmhand.virtual.phone import VirtualPhone


def _token(text: str) -> str:
    return f"{zlib.crc32(text.encode()):08x}"[:7]


def package_dump(phone: VirtualPhone, package: str) -> str:
    record = phone.packages.get(package)
    if record is None:
        return ""
    stamp = "%Y-%m-%d %H:%M:%S"
    flags = "SYSTEM HAS_CODE ALLOW_CLEAR_USER_DATA" if record.system else "HAS_CODE ALLOW_CLEAR_USER_DATA"
    granted = "".join(f"        {perm}: granted=true\n" for perm in record.granted)
    return (
        "Packages:\n"
        f"  Package [{package}] ({_token(package)}):\n"
        f"    userId={record.uid}\n"
        f"    pkg=Package{{{_token(package + 'pkg')} {package}}}\n"
        f"    codePath={record.apk_path.rsplit('/', 1)[0]}\n"
        f"    versionCode={record.version_code} minSdk=24 targetSdk={phone.profile.sdk}\n"
        f"    versionName={record.version_name}\n"
        f"    flags=[ {flags} ]\n"
        f"    pkgFlags=[ {flags} ]\n"
        f"    timeStamp={time.strftime(stamp, time.localtime(record.updated_at))}\n"
        f"    firstInstallTime={time.strftime(stamp, time.localtime(record.installed_at))}\n"
        f"    lastUpdateTime={time.strftime(stamp, time.localtime(record.updated_at))}\n"
        f"    installerPackageName={'null' if record.system else 'com.android.vending'}\n"
        f"    signatures=PackageSignatures{{{_token(package + 'sig')} version:3, "
        f"signatures:[{_token(package)}], past signatures:[]}}\n"
        "    runtime permissions:\n"
        f"{granted}"
    )


@command("dumpsys")
def dumpsys(p: Proc) -> int:
    if not p.args:
        p.line("Currently running services:")
        for name in ("activity", "battery", "display", "input_method", "package", "power", "window"):
            p.line(f"  {name}")
        return 0
    service, args = p.args[0], p.args[1:]
    phone = p.phone
    if service == "battery":
        level = phone.battery_level()
        p.write(
            "Current Battery Service state:\n  AC powered: false\n  USB powered: true\n"
            "  Wireless powered: false\n  Dock powered: false\n  Max charging current: 500000\n"
            "  Max charging voltage: 5000000\n  Charge counter: 2450000\n  status: 2\n  health: 2\n"
            f"  present: true\n  level: {level}\n  scale: 100\n  voltage: 4123\n  temperature: 285\n"
            "  technology: Li-ion\n"
        )
    elif service == "window":
        _window(p)
    elif service == "activity":
        _activity(p, args)
    elif service == "package":
        names = [a for a in args if not a.startswith("-")]
        if names:
            p.write(package_dump(phone, names[0]) or f"Unable to find package: {names[0]}\n")
        else:
            for record in phone.packages.all():
                p.write(package_dump(phone, record.package))
    elif service == "input_method":
        selected = phone.ime.selected()
        p.write(
            f"Current Input Method Manager state:\n  mCurMethodId={selected}\n"
            f"  mCurId={selected}\n  mInputShown={'true' if selected else 'false'}\n"
            f"  mEnabledInputMethods={':'.join(phone.ime.enabled())}\n"
        )
    elif service == "display":
        on = "ON" if phone.screen.on else "OFF"
        p.write(
            "DISPLAY MANAGER (dumpsys display)\n"
            f"  mDefaultViewport=DisplayViewport{{type=INTERNAL, valid=true, isActive=true, displayId=0, "
            f"uniqueId='local:4619827259835644672', physicalPort=0, orientation=0, logicalFrame=Rect(0, 0 - "
            f"{WIDTH}, {HEIGHT}), physicalFrame=Rect(0, 0 - {WIDTH}, {HEIGHT}), deviceWidth={WIDTH}, "
            f"deviceHeight={HEIGHT}}}\n"
            f'  mBaseDisplayInfo=DisplayInfo{{"Built-in Screen", displayId 0, real {WIDTH} x {HEIGHT}, '
            f"largest app {WIDTH} x {HEIGHT}, density {DENSITY}, rotation 0, state {on}}}\n"
            f"  mState={on}\n"
        )
    elif service == "power":
        awake = phone.screen.on
        p.write(
            "POWER MANAGER (dumpsys power)\n"
            f"  mWakefulness={'Awake' if awake else 'Asleep'}\n"
            f"  mHoldingDisplaySuspendBlocker={'true' if awake else 'false'}\n"
            f"  Display Power: state={'ON' if awake else 'OFF'}\n"
        )
    elif service == "SurfaceFlinger":
        p.line('Display 4619827259835644672 (HWC display 0): port=0 pnpId=GGL displayName="Built-in Screen"')
    else:
        p.line(f"Can't find service: {service}")
        return 0
    return 0


def _window(p: Proc) -> None:
    phone = p.phone
    package = phone.activities.focused()
    activity = phone.activities.activity_of(package)
    dialog = phone.activities.permission_dialog()
    window = f"{package}/{activity}"
    if dialog is not None:
        window = f"{dialog.package}/{dialog.current_activity()}"
    p.write(
        "WINDOW MANAGER WINDOWS (dumpsys window windows)\n"
        f"  mCurrentFocus=Window{{{_token(window)} u0 {window}}}\n"
        f"  mFocusedApp=ActivityRecord{{{_token(package)} u0 {package}/{short_name(package, activity)} t{pid_of(package) % 97}}}\n"  # noqa: E501
        f"  init={WIDTH}x{HEIGHT} {DENSITY}dpi cur={WIDTH}x{HEIGHT} app={WIDTH}x{HEIGHT}\n"
        f"  mScreenOn={'true' if phone.screen.on else 'false'}\n"
    )


def _activity(p: Proc, args: list[str]) -> None:
    phone = p.phone
    package = phone.activities.focused()
    activity = phone.activities.activity_of(package)
    short = short_name(package, activity)
    token = _token(package)
    if args[:1] == ["top"]:
        p.write(
            f"TASK {package} id={pid_of(package) % 97} userId=0\n"
            f"  ACTIVITY {package}/{short} {token} pid={pid_of(package)}\n"
        )
        return
    p.write(
        "ACTIVITY MANAGER ACTIVITIES (dumpsys activity activities)\n"
        f"  mResumedActivity: ActivityRecord{{{token} u0 {package}/{short} t{pid_of(package) % 97}}}\n"
        f"  mFocusedApp=ActivityRecord{{{token} u0 {package}/{short} t{pid_of(package) % 97}}}\n"
    )
