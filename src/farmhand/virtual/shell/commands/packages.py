"""``pm`` and ``cmd`` (package queries, clipboard): what is installed, installing pushed APKs."""

from __future__ import annotations

from farmhand.virtual.activities import full_name
from farmhand.virtual.apk import ApkError, read_apk
from farmhand.virtual.apps import app_class
from farmhand.virtual.shell.commands.activity import IntentSyntaxError, parse_intent
from farmhand.virtual.shell.commands.dumpsys import package_dump
from farmhand.virtual.shell.proc import Proc, command, package_operands, usage


@command("pm")
def pm(p: Proc) -> int:
    if not p.args:
        return usage(p, "usage: pm list packages|path|install|uninstall|clear|grant|revoke ...")
    verb, args = p.args[0], p.args[1:]
    if verb == "list" and args[:1] == ["packages"]:
        return _list_packages(p, args[1:])
    if verb == "path":
        return _path(p, args)
    if verb == "install":
        return _install(p, args)
    if verb in ("uninstall", "clear"):
        names = package_operands(args)
        if not names:
            return usage(p, f"pm {verb}: missing package")
        if verb == "uninstall":
            ok, failure = p.phone.uninstall(names[-1]), "Failure [DELETE_FAILED_INTERNAL_ERROR]"
        else:
            ok, failure = p.phone.clear(names[-1]), "Failed"
        p.line("Success" if ok else failure)
        return 0 if ok else 1
    if verb in ("grant", "revoke"):
        names = [a for a in args if not a.startswith("-")]
        if len(names) < 2 or names[0] not in p.phone.packages:
            p.err += f"Exception occurred while executing '{verb}':\njava.lang.IllegalArgumentException: Unknown package: {names[0] if names else ''}\n".encode()  # noqa: E501
            return 255
        p.phone.packages.answer(names[0], names[1], verb == "grant")
        p.phone.mark_dirty()
        return 0
    if verb == "dump":
        if not args or args[0] not in p.phone.packages:
            return 1
        p.write(package_dump(p.phone, args[0]))
        return 0
    p.err += f"Unknown command: {verb}\n".encode()
    return 1


def _list_packages(p: Proc, args: list[str]) -> int:
    flags = {a for a in args if a.startswith("-")}
    words = package_operands(args)
    needle = words[0] if words else ""
    for record in sorted(p.phone.packages.all(), key=lambda r: r.package):
        if "-3" in flags and record.system:
            continue
        if "-s" in flags and not record.system:
            continue
        if needle and needle not in record.package:
            continue
        line = "package:"
        if "-f" in flags:
            line += f"{record.apk_path}="
        line += record.package
        if "--show-versioncode" in flags:
            line += f" versionCode:{record.version_code}"
        if "-U" in flags:
            line += f" uid:{record.uid}"
        if "-i" in flags:
            line += " installer=null" if record.system else " installer=com.android.vending"
        p.line(line)
    return 0


def _path(p: Proc, args: list[str]) -> int:
    names = package_operands(args)
    record = p.phone.packages.get(names[0]) if names else None
    if record is None:
        return 1
    p.line(f"package:{record.apk_path}")
    return 0


def _install(p: Proc, args: list[str]) -> int:
    operands = [a for a in args if not a.startswith("-")]
    # -i INSTALLER and --user N take a value that is not the APK.
    for option in ("-i", "--user", "--install-reason"):
        if option in args:
            index = args.index(option)
            if index + 1 < len(args) and args[index + 1] in operands:
                operands.remove(args[index + 1])
    if not operands:
        p.line("Error: no package specified")
        return 1
    path = operands[-1]
    if p.phone.knob("disk_full"):
        p.line("Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE]")
        return 1
    handle = p.phone.fs.open_read(p.path(path))
    if handle is None:
        p.line(f"Failure [INSTALL_FAILED_INVALID_URI: Invalid path {path}]")
        return 1
    try:
        with handle:
            info = read_apk(handle)
    except ApkError as exc:
        p.line(f"Failure [INSTALL_PARSE_FAILED_NOT_APK: Failed to parse {path}: {exc}]")
        return 1
    p.phone.install(info)
    p.line("Success")
    return 0


@command("cmd")
def cmd(p: Proc) -> int:
    if not p.args:
        return usage(p, "usage: cmd SERVICE ...")
    service, args = p.args[0], p.args[1:]
    if service == "package":
        if args[:1] == ["list"] and args[1:2] == ["packages"]:
            return _list_packages(p, args[2:])
        if args[:1] == ["path"]:
            return _path(p, args[1:])
        if args[:1] in (["query-activities"], ["resolve-activity"]):
            return _query_activities(p, args[1:], single=args[0] == "resolve-activity")
        return pm(Proc(p.phone, p.shell, p.session, "pm", args, p.stdin, p.out, p.err, p.env))
    if service == "clipboard":
        if args[:1] == ["set"] or args[:2] == ["set", "text"]:
            words = args[2:] if args[1:2] == ["text"] else args[1:]
            p.phone.clipboard = " ".join(words)
            p.phone.mark_dirty()
            return 0
        if args[:1] == ["get"]:
            p.line(p.phone.clipboard)
            return 0
        return usage(p, "usage: cmd clipboard set TEXT | get")
    p.err += f"cmd: Can't find service: {service}\n".encode()
    return 20


def _query_activities(p: Proc, args: list[str], single: bool) -> int:
    brief = "--brief" in args or "--components" in args
    args = [a for a in args if a not in ("--brief", "--components", "--user", "0")]
    try:
        intent = parse_intent(args)
    except IntentSyntaxError as exc:
        p.err += f"{exc}\n".encode()
        return 1
    found: list[str] = []
    packages = [intent.package] if intent.package else [r.package for r in p.phone.packages.all()]
    for package in packages:
        if package not in p.phone.packages:
            continue
        cls = app_class(package)
        launcher = full_name(package, cls.launcher_activity)
        if intent.action in (None, "android.intent.action.MAIN") and (
            not intent.categories or "android.intent.category.LAUNCHER" in intent.categories
        ):
            if not cls.system or intent.package:
                found.append(f"{package}/{launcher}")
            continue
        for flt in cls.intent_filters:
            if flt.matches(intent.action, intent.mime, intent.data):
                found.append(f"{package}/{flt.activity}")
    if single:
        if not found:
            p.line("No activity found")
            return 0
        p.line("priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=true")
        p.line(found[0])
        return 0
    if not found:
        p.line("No activities found")
        return 0
    if brief:
        for component in found:
            p.line(component)
        return 0
    p.line(f"{len(found)} activities found:")
    for index, component in enumerate(found):
        p.line(f"  Activity #{index}:")
        p.line("    priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=false")
        p.line(f"    {component}")
    return 0
