"""The phone's sh: parsing, expansion, redirections, pipes and the never-executed $()."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from farmhand.virtual import phone as phone_module
from farmhand.virtual.phone import VirtualPhone
from farmhand.virtual.shell import ShellSyntaxError, parse
from tests.virtual.conftest import sh


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("echo 'a  b'", "a  b\n"),
        ('echo "x\\"y" z', 'x"y z\n'),
        ("echo a\\ b", "a b\n"),
        ("echo 'it'\\''s'", "it's\n"),
        ('echo "$HOME-$UNSET-end"', "/--end\n"),
        ("A=1; echo ${A}2", "12\n"),
        ("echo one; echo two", "one\ntwo\n"),
        ("echo one\necho two", "one\ntwo\n"),
        ("false && echo no; echo $?", "1\n"),
        ("true && echo yes || echo no", "yes\n"),
        ("false || echo rescued", "rescued\n"),
        ("false; echo $?; true; echo $?", "1\n0\n"),
        ("nosuch; echo $?", "127\n"),
        ("echo -n a; echo b", "ab\n"),
        ("echo a # a comment", "a\n"),
        ("printf '%s-%d\\n' x 5", "x-5\n"),
    ],
)
def test_parsing_and_expansion(phone: VirtualPhone, command: str, expected: str) -> None:
    out, _, code = sh(phone, command)
    assert out == expected
    assert code == 0


def test_command_substitution_is_never_executed(phone: VirtualPhone) -> None:
    out, _err, code = sh(phone, "echo $(touch /sdcard/pwned) `touch /sdcard/pwned2` \"$(id)\" '$(id)'")
    assert code == 0
    assert out == "$(touch /sdcard/pwned) `touch /sdcard/pwned2` $(id) $(id)\n"
    assert not phone.fs.exists("/sdcard/pwned")
    assert not phone.fs.exists("/sdcard/pwned2")
    assert "uid=" not in out


def test_quoted_arguments_built_by_the_driver_stay_one_word(phone: VirtualPhone) -> None:
    import shlex

    hostile = "a; rm -rf /sdcard && echo $(id) `id` | cat > /sdcard/x"
    out, _, code = sh(phone, shlex.join(["echo", hostile]))
    assert (out, code) == (hostile + "\n", 0)
    assert phone.fs.exists("/sdcard/DCIM")


def test_unknown_command_reports_like_android(phone: VirtualPhone) -> None:
    out, err, code = sh(phone, "frobnicate --now")
    assert (out, code) == ("", 127)
    assert err == "/system/bin/sh: frobnicate: inaccessible or not found\n"


def test_adbutils_exit_marker(phone: VirtualPhone) -> None:
    out, _, _ = sh(phone, "ls /nope; echo X4EXIT:$?")
    assert out.endswith("X4EXIT:1\n")
    out, _, _ = sh(phone, "true; echo X4EXIT:$?")
    assert out == "X4EXIT:0\n"


def test_redirections(phone: VirtualPhone) -> None:
    assert (
        sh(phone, "echo one > /sdcard/f.txt; echo two >> /sdcard/f.txt; cat /sdcard/f.txt")[0] == "one\ntwo\n"
    )
    assert sh(phone, "echo new > /sdcard/f.txt; cat < /sdcard/f.txt")[0] == "new\n"
    out, err, _ = sh(phone, "cat /missing 2>&1")
    assert (out, err) == ("cat: /missing: No such file or directory\n", "")
    out, err, _ = sh(phone, "cat /missing 2>/dev/null; echo after")
    assert (out, err) == ("after\n", "")
    out, err, _ = sh(phone, "cat /missing > /sdcard/o.txt 2>&1; cat /sdcard/o.txt")
    assert out == "cat: /missing: No such file or directory\n"
    assert sh(phone, "cat </dev/null; echo done")[0] == "done\n"
    out, err, code = sh(phone, "echo x > /system/x")
    assert code == 1
    assert "can't create /system/x" in err


def test_assignment_prefix_applies_to_one_command(phone: VirtualPhone) -> None:
    out, _, _ = sh(phone, "CLASSPATH=/data/local/tmp/u2.jar env | grep CLASSPATH; echo [$CLASSPATH]")
    assert out == "CLASSPATH=/data/local/tmp/u2.jar\n[]\n"


def test_pipes_into_filters(phone: VirtualPhone) -> None:
    sh(phone, "mkdir -p /sdcard/t && touch /sdcard/t/a.mp4 /sdcard/t/b.mp4 /sdcard/t/c.jpg")
    assert sh(phone, "ls /sdcard/t | grep mp4")[0] == "a.mp4\nb.mp4\n"
    assert sh(phone, "ls /sdcard/t | grep -v mp4")[0] == "c.jpg\n"
    assert sh(phone, "ls /sdcard/t | wc -l")[0].strip() == "3"
    assert sh(phone, "ls /sdcard/t | head -n 1")[0] == "a.mp4\n"
    assert sh(phone, "ls /sdcard/t | tail -1")[0] == "c.jpg\n"
    assert sh(phone, "ls /sdcard/t | grep -q zzz; echo $?")[0] == "1\n"


def test_globs_expand_unquoted_only(phone: VirtualPhone) -> None:
    sh(phone, "mkdir -p /sdcard/g && touch /sdcard/g/x1.mp4 /sdcard/g/x2.mp4")
    assert sh(phone, "echo /sdcard/g/*.mp4")[0] == "/sdcard/g/x1.mp4 /sdcard/g/x2.mp4\n"
    assert sh(phone, "echo '/sdcard/g/*.mp4'")[0] == "/sdcard/g/*.mp4\n"
    assert sh(phone, "echo /sdcard/g/*.none")[0] == "/sdcard/g/*.none\n"
    sh(phone, "rm -f /sdcard/g/*.mp4")
    assert sh(phone, "ls /sdcard/g")[0] == ""


def test_nested_sh_and_exit(phone: VirtualPhone) -> None:
    assert sh(phone, "sh -c 'echo inner; exit 3'; echo $?")[0] == "inner\n3\n"
    assert sh(phone, "echo a; exit 4; echo b")[0] == "a\n"
    assert sh(phone, "exit 4")[2] == 4


@pytest.mark.parametrize(
    "line",
    ["echo 'open", 'echo "open', "&& echo", "echo a &&", "echo a |", "echo a | | b", "echo ;;", "(echo)"],
)
def test_syntax_errors_are_reported_not_run(phone: VirtualPhone, line: str) -> None:
    with pytest.raises(ShellSyntaxError):
        parse(line)
    out, err, code = sh(phone, line)
    assert code != 0
    assert err.startswith("/system/bin/sh: ")
    assert out == ""


def test_test_builtin(phone: VirtualPhone) -> None:
    sh(phone, "touch /sdcard/here")
    out, _, _ = sh(
        phone, "[ -f /sdcard/here ] && echo file; [ -d /sdcard ] && echo dir; [ -e /sdcard/no ] || echo none"
    )
    assert out == "file\ndir\nnone\n"
    assert sh(phone, "[ 3 -gt 2 ] && echo yes")[0] == "yes\n"


def test_system_queries(phone: VirtualPhone) -> None:
    assert sh(phone, "getprop ro.build.version.sdk")[0].strip() == str(phone.profile.sdk)
    assert "[ro.product.model]: [" in sh(phone, "getprop")[0]
    assert sh(phone, "wm size")[0] == "Physical size: 1080x2400\n"
    assert (
        sh(phone, "settings put system screen_brightness 77; settings get system screen_brightness")[0]
        == "77\n"
    )
    assert sh(phone, "settings get global nosuchkey")[0] == "null\n"
    assert "level: " in sh(phone, "dumpsys battery")[0]
    assert "mHoldingDisplaySuspendBlocker=true" in sh(phone, "dumpsys power")[0]
    assert "deviceWidth=1080, deviceHeight=2400" in sh(phone, "dumpsys display")[0]
    assert sh(phone, "id")[0].startswith("uid=2000(shell)")


def test_slow_knob_delays_every_command(phone: VirtualPhone, monkeypatch: pytest.MonkeyPatch) -> None:
    # The delay the phone asks for is recorded, not timed (machines are noisy).
    slept: list[float] = []
    monkeypatch.setattr(phone_module, "time", SimpleNamespace(sleep=slept.append))
    sh(phone, "true")
    assert slept == []
    phone.set_knob("slow_ms", 300)
    assert sh(phone, "echo late")[0] == "late\n"
    sh(phone, "true")
    assert slept == [0.3, 0.3]
