from __future__ import annotations

from typing import Any

import pytest

from farmhand.domain import ErrorCode
from farmhand.scripts.ui.hierarchy import parse_hierarchy
from farmhand.scripts.ui.selectors import (
    Matcher,
    Selectors,
    SelectorTableError,
    load_table,
    parse_table,
    version_matches,
)
from farmhand.virtual.ui import Node, to_xml

from .fakes import node, permission_dialog, root

TT = "com.zhiliaoapp.musically"


def tree(*children: Node) -> Any:
    return parse_hierarchy(to_xml(root(*children)))


def table(data: dict[str, Any]) -> Selectors:
    return Selectors(parse_table({"app": "test", **data}, "test.yaml"))


@pytest.mark.parametrize("name", ["tiktok", "instagram", "system"])
def test_bundled_tables_load_and_refer_only_to_known_elements(name: str) -> None:
    loaded = load_table(name)
    selectors = Selectors(loaded, load_table("system"))
    referenced = [m for markers in loaded.screens.values() for m in markers]
    for matchers in [*loaded.elements.values(), *(m for o in loaded.versions.values() for m in o.values())]:
        referenced += [m.within for m in matchers if m.within] + [
            m.not_within for m in matchers if m.not_within
        ]
    for overlay in [*loaded.versions.values(), *loaded.locales.values()]:
        referenced += list(overlay)
    unknown = sorted({r for r in referenced if not selectors.known(r)})
    assert unknown == []


def test_labels_compare_like_a_person_reads_them() -> None:
    h = tree(node("Don’t  allow"), node("Add comment…"), node("WHILE USING THE APP"))
    s = table({})
    assert s.match(h, [Matcher.of(text="Don't allow")]) is not None
    assert s.match(h, [Matcher.of(text="add comment...")]) is not None
    assert s.match(h, [Matcher.of(text="While using the app")]) is not None
    assert s.match(h, [Matcher.of(text="Allow")]) is None  # exact, not contained


def test_each_condition_kind() -> None:
    edit = node(
        "",
        cls="android.widget.EditText",
        rid=f"{TT}:id/g19",
        hint="Add description...",
        bounds=(0, 500, 1080, 700),
        focused=True,
    )
    button = node(
        "",
        desc="Post",
        cls="android.widget.Button",
        rid=f"{TT}:id/qrb",
        bounds=(540, 2200, 1080, 2300),
        action="post",
    )
    h = tree(edit, button, node("12 comments", bounds=(0, 100, 500, 150)))
    s = table({})

    def finds(**raw: Any) -> str | None:
        found = s.match(h, [Matcher.of(**raw)])
        return found.element.describe() if found else None

    assert finds(id="qrb") is not None
    assert finds(id=f"{TT}:id/qrb") is not None
    assert finds(id="com.other:id/qrb") is None
    assert finds(**{"class": "Button", "desc": "Post"}) is not None
    assert finds(**{"class": "android.widget.Button"}) is not None
    assert finds(**{"class": "TextView", "desc": "Post"}) is None
    assert finds(hint="Add description...") is not None
    assert finds(hint_contains="description") is not None
    assert finds(text_regex=r"^\d+ comments?$") is not None
    assert finds(desc_startswith="Po", clickable=True) is not None
    assert finds(desc="Post", clickable=False) is None
    assert finds(label="post") is not None  # text or desc
    assert finds(focused=True, **{"class": "EditText"}) is not None
    assert finds(desc="Post", y_min=0.9) is not None
    assert finds(desc="Post", y_max=0.5) is None
    assert finds(id_contains="g19") is not None


def test_an_empty_edit_text_reporting_its_hint_as_text_matches_the_hint() -> None:
    h = tree(node("Add comment...", cls="android.widget.EditText"))
    assert table({}).match(h, [Matcher.of(hint_contains="add comment")]) is not None


def test_within_not_within_and_pick() -> None:
    grid = node(cls="android.widget.GridView", bounds=(0, 400, 1080, 2000), scrollable=True)
    grid.add(
        node(cls="android.widget.ImageView", bounds=(0, 400, 360, 760), desc="a"),
        node(cls="android.widget.ImageView", bounds=(360, 400, 720, 760), desc="b"),
    )
    h = tree(node(cls="android.widget.ImageView", bounds=(0, 0, 100, 100), desc="outside"), grid)
    s = table(
        {
            "elements": {
                "grid": [{"class": "GridView"}],
                "thumb": [{"class": "ImageView", "within": "grid"}],
                "other": [{"class": "ImageView", "not_within": "grid"}],
                "last": [{"class": "ImageView", "pick": "last"}],
                "lowest": [{"class": ["ImageView", "GridView"], "pick": "lowest"}],
            }
        }
    )
    assert [el.desc for el in s.find_all(h, "thumb")] == ["a", "b"]
    assert [el.desc for el in s.find_all(h, "other")] == ["outside"]
    found = s.find(h, "last")
    assert found is not None
    assert found.element.desc == "b"
    found = s.find(h, "lowest")
    assert found is not None
    assert found.element.cls.endswith("GridView")


def test_fallback_order_and_version_overrides() -> None:
    data = {
        "elements": {"post": [{"desc": "Post"}, {"id": "qrb"}]},
        "versions": {"43": {"post": [{"id": "abc"}]}, "43.1": {"post": [{"id": "xyz"}]}},
    }
    h = tree(
        node(desc="Post", rid=f"{TT}:id/qrb", bounds=(0, 0, 50, 50)),
        node(text="x", rid=f"{TT}:id/abc", bounds=(0, 60, 50, 100)),
        node(text="y", rid=f"{TT}:id/xyz", bounds=(0, 110, 50, 150)),
    )
    parsed = parse_table({"app": "t", **data}, "t.yaml")
    assert Selectors(parsed, version=None).find(h, "post").element.desc == "Post"  # type: ignore[union-attr]
    assert Selectors(parsed, version="43.0.2").find(h, "post").element.text == "x"  # type: ignore[union-attr]
    assert Selectors(parsed, version="43.1.4").find(h, "post").element.text == "y"  # type: ignore[union-attr]
    assert Selectors(parsed, version="430.1").find(h, "post").element.desc == "Post"  # type: ignore[union-attr]
    assert [m.describe() for m in Selectors(parsed, version="43.1.4").matchers("post")] == [
        "id=xyz",
        "id=abc",
        "desc=post",
        "id=qrb",
    ]


def test_version_prefix_matching() -> None:
    assert version_matches("43", "43.1.4")
    assert version_matches("43.1", "43.1.4")
    assert version_matches("43", "43")
    assert not version_matches("43", "430.1")
    assert not version_matches("43.1", "43.10.0")


def test_unknown_element_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no selector for element 'nope' in the test table"):
        table({}).matchers("nope")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"elements": {"x": [{"txt": "a"}]}}, r"test.yaml: elements.x\[0\]: unknown key\(s\) \['txt'\]"),
        ({"elements": {"x": [{"text_regex": "("}]}}, r"elements.x\[0\].text_regex: bad regular expression"),
        ({"elements": {"x": [{"clickable": "yes"}]}}, r"elements.x\[0\].clickable: expected true or false"),
        ({"elements": {"x": [{"y_min": 2}]}}, r"expected a fraction of the screen"),
        ({"elements": {"x": []}}, r"elements.x: expected a list of matchers"),
        ({"faults": {"NOT_A_CODE": []}}, r"faults.NOT_A_CODE: not an error code"),
        ({"popups": [{"name": "p"}]}, r"popups\[0\]: a pop-up needs a name and 'tap'"),
        ({"colors": {}}, r"unknown section\(s\) \['colors'\]"),
    ],
)
def test_table_mistakes_are_reported_with_their_place(data: dict[str, Any], message: str) -> None:
    with pytest.raises(SelectorTableError, match=message):
        parse_table({"app": "test", **data}, "test.yaml")


# --- the bundled tables on typical screens ---------------------------------------------------------


def tiktok() -> Selectors:
    return Selectors(load_table("tiktok"), load_table("system"), "43.1.4")


def test_permission_pop_ups_grant_media_and_camera_but_deny_contacts() -> None:
    s = tiktok()
    cases = [
        (
            "Allow TikTok to access your contacts?",
            [("permission_allow_button", "Allow"), ("permission_deny_button", "Don't allow")],
            "Don't allow",
        ),
        (
            "Allow TikTok to take pictures and record video?",
            [
                ("permission_allow_foreground_only_button", "While using the app"),
                ("permission_allow_one_time_button", "Only this time"),
                ("permission_deny_button", "Don't allow"),
            ],
            "While using the app",
        ),
        (
            "Allow TikTok to access photos and videos on this device?",
            [
                ("permission_allow_all_button", "Allow all"),
                ("permission_allow_selected_button", "Select photos and videos"),
                ("permission_deny_button", "Don't allow"),
            ],
            "Allow all",
        ),
        (
            "Allow TikTok to send you notifications?",
            [("permission_allow_button", "Allow"), ("permission_deny_button", "Don't allow")],
            "Don't allow",
        ),
    ]
    for message, buttons, expected in cases:
        h = tree(node(desc="Home", bounds=(0, 2200, 200, 2400)), permission_dialog(message, buttons))
        found = s.popup(h)
        assert found is not None, message
        rule, target = found
        assert target is not None, (message, rule.name)
        assert target.text == expected, (message, rule.name)


def test_faults_are_recognised() -> None:
    s = tiktok()
    cases = {
        "Drag the puzzle piece into place": ErrorCode.CAPTCHA,
        "You are following too fast.": ErrorCode.ACTION_BLOCKED,
        "Log in to TikTok": ErrorCode.LOGGED_OUT,
        "Couldn't upload. Try again": ErrorCode.UPLOAD_FAILED,
    }
    for text, code in cases.items():
        found = s.fault(tree(node(text, bounds=(0, 0, 900, 100))))
        assert found is not None, text
        assert found[0].code is code, text
    assert s.fault(tree(node("A caption about puzzles", bounds=(0, 0, 900, 100)))) is None


def test_french_app_is_recognised_by_its_overlay() -> None:
    s = tiktok()
    french = tree(
        node(desc="Accueil", bounds=(0, 2200, 200, 2400)), node(desc="Créer", bounds=(400, 2200, 600, 2400))
    )
    english = tree(
        node(desc="Home", bounds=(0, 2200, 200, 2400)), node(desc="Create", bounds=(400, 2200, 600, 2400))
    )
    assert s.locale(french) == "fr"
    assert s.locale(english) is None
    assert s.screen(english) == "home"
