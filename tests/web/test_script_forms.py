"""The New task forms follow the scripts' config schemas: a hint that names a field the schema
no longer has, a choice the config refuses or a default that differs would mislead people."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from farmhand.scripts.registry import all_scripts, api_script_names
from farmhand.web.script_forms import HINTS, Hint, form_fields, script_forms


def forms() -> dict[str, dict[str, Any]]:
    return {form["name"]: form for form in script_forms()}


def field_errors(script: str, config: dict[str, Any]) -> set[str]:
    model = all_scripts()[script].config_model
    try:
        model.model_validate(config)
    except ValidationError as exc:
        return {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    return set()


def test_a_form_for_every_api_script_and_only_those() -> None:
    assert list(forms()) == api_script_names()
    for name, form in forms().items():
        assert form["title"] == all_scripts()[name].title
        assert form["fields"], name


@pytest.mark.parametrize("script", sorted(HINTS))
def test_every_hint_names_a_field_of_the_schema(script: str) -> None:
    properties = all_scripts()[script].config_model.model_json_schema()["properties"]
    assert set(HINTS[script]) <= set(properties), set(HINTS[script]) - set(properties)


@pytest.mark.parametrize("script", sorted(HINTS))
def test_every_schema_field_is_in_the_form_unless_it_is_an_alias(script: str) -> None:
    properties = all_scripts()[script].config_model.model_json_schema()["properties"]
    shown = {f["name"] for f in forms()[script]["fields"]}
    hidden = {name for name, hint in HINTS[script].items() if hint.hidden}
    assert shown == set(properties) - hidden


@pytest.mark.parametrize("script", sorted(HINTS))
def test_defaults_are_the_configs_own(script: str) -> None:
    model = all_scripts()[script].config_model
    for field in forms()[script]["fields"]:
        info = model.model_fields[field["name"]]
        expected = info.get_default(call_default_factory=True)
        assert field["default"] == (expected.value if hasattr(expected, "value") else expected), field["name"]


@pytest.mark.parametrize("script", sorted(HINTS))
def test_every_choice_offered_is_accepted_by_the_config(script: str) -> None:
    bases: dict[str, dict[str, Any]] = {
        "post": {},
        "follow": {"target_users": ["alice"]},
        "unfollow": {"target_users": ["alice"]},
        "comment": {"target_post_urls": ["https://www.tiktok.com/@a/video/1"], "comment_content": "hi"},
        "account_warmup": {},
    }
    base = bases[script]
    for field in forms()[script]["fields"]:
        for choice in field["choices"]:
            config = {**base, field["name"]: choice["value"]}
            if field["name"] == "post_way" and choice["value"] == "useSound":
                config["sound_name"] = "a sound"
            if field["name"] == "add_sound" and choice["value"] == "custom":
                config["custom_sound_keyword"] = "beat"
            if field["name"] == "material_source" and choice["value"] == "localFolder":
                config["material_path"] = "/tmp"
            assert field["name"] not in field_errors(script, config), (field["name"], choice)


def test_conditions_name_fields_of_the_same_form_and_values_they_can_take() -> None:
    for name, form in forms().items():
        by_name = {f["name"]: f for f in form["fields"]}
        for field in form["fields"]:
            for other, values in field["show_if"].items():
                assert other in by_name, (name, field["name"], other)
                offered = {c["value"] for c in by_name[other]["choices"]}
                assert set(values) <= offered, (name, field["name"], values)


def test_widgets_follow_the_schema_types() -> None:
    post = {f["name"]: f for f in forms()["post"]["fields"]}
    assert post["upload_wait_time"]["widget"] == "number" and post["upload_wait_time"]["type"] == "integer"
    assert post["material_list"]["widget"] == "lines" and post["material_list"]["default"] == []
    assert post["content_type"]["widget"] == "select"
    assert post["platform"]["choices"][0] == {"value": None, "label": "Automatic"}
    warmup = {f["name"]: f for f in forms()["account_warmup"]["fields"]}
    assert warmup["task_duration"]["type"] == "number"
    comment = {f["name"]: f for f in forms()["comment"]["fields"]}
    assert comment["insert_emoji"]["widget"] == "checkbox"


def test_an_unknown_parameter_still_gets_a_plain_field() -> None:
    schema = {
        "$defs": {"Speed": {"enum": ["slow", "fast"], "type": "string"}},
        "properties": {
            "new_limit": {"type": "integer", "default": 3, "title": "New Limit"},
            "speed": {"anyOf": [{"$ref": "#/$defs/Speed"}, {"type": "null"}], "default": None},
            "notes": {"type": "string", "default": "", "description": "Free text"},
        },
    }
    fields = {f["name"]: f for f in form_fields(schema, {"notes": Hint(hidden=True)})}
    assert set(fields) == {"new_limit", "speed"}
    assert fields["new_limit"]["widget"] == "number" and fields["new_limit"]["label"] == "New Limit"
    assert fields["speed"]["widget"] == "select"
    assert [c["value"] for c in fields["speed"]["choices"]] == [None, "slow", "fast"]
