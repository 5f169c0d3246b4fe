"""The New task page's forms: one per API script, generated from the JSON schema of its config
(the same one ``GET /script`` serves) and dressed with labels, help, choices and conditions
kept here as data. A field the hints do not know still gets a plain input, so a new parameter
shows up in the form without a change here.

Validation stays the API's: the form sends what was typed and shows the API's messages next to
the field they name (``script_config.upload_wait_time: must be >= 0``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from farmhand.scripts.registry import all_scripts, api_script_names


@dataclass(frozen=True)
class Hint:
    label: str | None = None
    help: str = ""
    widget: str | None = None  # "textarea", "lines" (one list item per line), "select", "checkbox"
    choices: tuple[tuple[Any, str], ...] = ()
    show_if: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # shown when all match
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    advanced: bool = False
    hidden: bool = False  # an alias kept for API clients; the form uses the main field


PLATFORM = Hint(
    "App",
    "Which app to drive. Automatic: the account's app, else TikTok.",
    choices=((None, "Automatic"), ("tiktok", "TikTok"), ("instagram", "Instagram")),
    advanced=True,
)


def percent(label: str, *, advanced: bool = False) -> Hint:
    return Hint(label, unit="%", minimum=0, maximum=100, advanced=advanced)


COMMENT_ORDER = Hint("Pick comments", choices=(("random", "At random"), ("sequential", "In order")))
# follow and unfollow take the same parameters.
PROFILE_TARGETS = {
    "target_users": Hint(
        "Target users", "One username per line (@ optional); one task per user.", widget="lines"
    ),
    "target_user": Hint(hidden=True),
    "target_username": Hint(hidden=True),
    "access_method": Hint(
        "Open the profile by",
        choices=(("direct", "Direct link"), ("search", "Searching the username")),
    ),
    "platform": PLATFORM,
}

HINTS: dict[str, dict[str, Hint]] = {
    "post": {
        "content_type": Hint("Post", choices=((0, "A video"), (1, "Photos (carousel)"))),
        "image_count": Hint("Number of photos", show_if={"content_type": (1,)}, minimum=1, maximum=35),
        "captions": Hint(
            "Caption",
            "Spintax {a|b|c} picks one variant per task; emoji and accents are fine.",
            widget="textarea",
        ),
        "material_source": Hint(
            "Material from",
            choices=(("materialLibrary", "The material library"), ("localFolder", "A folder on the server")),
        ),
        "materials_tags": Hint(
            "Library tags",
            "Comma list: picks unused materials with any of these tags; empty: any unused material.",
            show_if={"material_source": ("materialLibrary",)},
        ),
        "material_path": Hint(
            "Folder",
            "Absolute path of a folder under a material root; read each time the task runs.",
            show_if={"material_source": ("localFolder",)},
        ),
        "material_list": Hint(
            "Exact files",
            "One absolute file path per line; when given, wins over the library and the folder.",
            widget="lines",
            advanced=True,
        ),
        "post_way": Hint(
            "Post through",
            choices=(
                ("share", "Share to the app"),
                ("addButton", "The app's + button"),
                ("useSound", "Use a sound"),
            ),
        ),
        "sound_name": Hint("Sound", "Its name or TikTok sound link.", show_if={"post_way": ("useSound",)}),
        "add_sound": Hint(
            "Add sound",
            choices=(("-1", "App default"), ("0", "No"), ("1", "Yes"), ("custom", "Search a sound")),
        ),
        "custom_sound_keyword": Hint("Sound keyword", show_if={"add_sound": ("custom",)}),
        "origin_sound_volume": percent("Original sound volume", advanced=True),
        "add_sound_volume": percent("Added sound volume", advanced=True),
        "upload_wait_time": Hint("Upload wait", "How long to wait for the upload.", unit="s", minimum=0),
        "sound_wait_time": Hint("Sound wait", unit="s", minimum=0, advanced=True),
        "add_product_link": Hint(
            "Add product link", "TikTok only.", choices=((0, "No"), (1, "Yes")), advanced=True
        ),
        "placement": Hint(
            "Placement",
            "Instagram only.",
            choices=(("reel", "Reel / feed"), ("story", "Story")),
            advanced=True,
        ),
        "platform": PLATFORM,
    },
    "follow": PROFILE_TARGETS,
    "unfollow": PROFILE_TARGETS,
    "comment": {
        "target_post_urls": Hint(
            "Post links", "One TikTok or Instagram post URL per line; one task per link.", widget="lines"
        ),
        "target_post_url": Hint(hidden=True),
        "comment_content": Hint("Comments", "One comment per line.", widget="textarea"),
        "comment_order": COMMENT_ORDER,
        "insert_emoji": Hint("Add an emoji"),
        "comment_index": Hint(hidden=True),
        "platform": PLATFORM,
    },
    "account_warmup": {
        "task_duration": Hint("Duration", unit="s", minimum=1, maximum=86400),
        "topic": Hint("Topics", "One search keyword per line; empty: the home feed.", widget="textarea"),
        "min_duration": Hint("Watch each video at least", unit="s", minimum=0),
        "max_duration": Hint("and at most", unit="s", minimum=0),
        "like_probable": percent("Like"),
        "floow_probable": percent("Follow"),
        "collect_probable": percent("Save"),
        "comment_probable": percent("Comment"),
        "comment": Hint(
            "Comment templates", "One per line; needed when Comment is above 0 %.", widget="textarea"
        ),
        "comment_order": COMMENT_ORDER,
        "insert_emoji": Hint("Add an emoji to comments"),
        "platform": PLATFORM,
    },
}


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        return resolved
    return schema


def _value_type(prop: dict[str, Any], root: dict[str, Any]) -> tuple[str, list[Any]]:
    """The form's type of a property (integer, number, boolean, string, array) and any enum."""
    options = [_resolve(o, root) for o in prop.get("anyOf", [prop])]
    options = [o for o in options if o.get("type") != "null"]
    types = {o.get("type") for o in options}
    enum = [v for o in options for v in o.get("enum", [])]
    if types == {"integer"}:
        return "integer", enum
    if types and types <= {"integer", "number"}:
        return "number", enum
    if types == {"boolean"}:
        return "boolean", enum
    if types == {"array"}:
        return "array", enum
    return "string", enum


def _widget(value_type: str, has_choices: bool) -> str:
    if has_choices:
        return "select"
    return {"boolean": "checkbox", "array": "lines", "integer": "number", "number": "number"}.get(
        value_type, "text"
    )


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def form_fields(schema: dict[str, Any], hints: dict[str, Hint]) -> list[dict[str, Any]]:
    """The fields of one script's form: the hinted ones in the hints' order, then the rest."""
    properties: dict[str, Any] = schema.get("properties", {})
    order = [n for n in hints if n in properties] + [n for n in properties if n not in hints]
    fields: list[dict[str, Any]] = []
    for name in order:
        hint = hints.get(name, Hint())
        if hint.hidden:
            continue
        prop = properties[name]
        value_type, enum = _value_type(prop, schema)
        choices = [{"value": v, "label": text} for v, text in hint.choices]
        if not choices and enum:
            choices = [{"value": v, "label": str(v)} for v in enum]
            if "null" in {o.get("type") for o in prop.get("anyOf", [])}:
                choices.insert(0, {"value": None, "label": "Automatic"})
        widget = hint.widget or _widget(value_type, bool(choices))
        fields.append(
            {
                "name": name,
                "label": hint.label or prop.get("title") or _label(name),
                "help": hint.help or prop.get("description", ""),
                "type": value_type,
                "widget": widget,
                "default": prop.get("default", [] if value_type == "array" else None),
                "choices": choices,
                "show_if": {k: list(v) for k, v in hint.show_if.items()},
                "unit": hint.unit,
                "min": hint.minimum,
                "max": hint.maximum,
                "advanced": hint.advanced,
            }
        )
    return fields


def script_forms() -> list[dict[str, Any]]:
    """A form for every script offered through the API, in the registry's order."""
    scripts = all_scripts()
    forms = []
    for name in api_script_names():
        script = scripts[name]
        schema = script.config_model.model_json_schema()
        forms.append(
            {"name": name, "title": script.title, "fields": form_fields(schema, HINTS.get(name, {}))}
        )
    return forms
