"""``follow``, ``unfollow`` and ``comment``: scripts that take several targets and fan out to one
task per target (SPEC 2.2), each task's config keeping only its own target."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from farmhand.scripts.configs.common import (
    BaseScriptConfig,
    CommentOrder,
    LineList,
    OptionalText,
    at_least,
    check_post_url,
    dedupe,
    invalid,
    normalize_username,
    parse_list,
    text_lines,
    word,
)


def _as_list(what: str) -> BeforeValidator:
    def parse(value: Any) -> Any:
        return parse_list(value, what)

    return BeforeValidator(parse)


def _usernames(raw: list[str]) -> list[str]:
    return dedupe(normalize_username(item) for item in raw)


class TargetUsersConfig(BaseScriptConfig):
    """``target_users`` (array) wins over ``target_user`` (newline or comma list), which wins
    over the older ``target_username``."""

    target_username: OptionalText = ""
    target_user: OptionalText = ""
    target_users: Annotated[list[str], _as_list("usernames")] = Field(
        default_factory=list, validate_default=True
    )
    access_method: Annotated[str, word("direct", "search")] = "direct"

    @field_validator("target_username", "target_user")
    @classmethod
    def _single(cls, value: str) -> str:
        _usernames(parse_list(value, "usernames"))  # reported under the field the client used
        return value

    @field_validator("target_users")
    @classmethod
    def _targets(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value:
            return _usernames(value)
        for alias in ("target_user", "target_username"):
            given = _usernames(parse_list(info.data.get(alias), "usernames"))
            if given:
                return given
        if "target_user" not in info.data or "target_username" not in info.data:
            return []  # the alias itself was invalid and is reported there
        raise invalid("required: give target_users (a list) or target_user (newline or comma separated)")

    def split(self) -> list[dict[str, Any]]:
        base = self.model_dump(mode="json", exclude={"target_user", "target_username"})
        return [{**base, "target_users": [user]} for user in self.target_users]

    @property
    def target(self) -> str:
        """The one target of a task (after the fan-out)."""
        return self.target_users[0]


class FollowConfig(TargetUsersConfig):
    pass


class UnfollowConfig(TargetUsersConfig):
    pass


class CommentConfig(BaseScriptConfig):
    target_post_url: OptionalText = ""
    target_post_urls: Annotated[list[str], _as_list("URLs")] = Field(
        default_factory=list, validate_default=True
    )
    comment_content: LineList = Field("", validate_default=True)
    comment_order: CommentOrder = "random"
    insert_emoji: bool = False
    # Extension set by the fan-out for ``sequential``: the k-th URL gets the k-th comment line.
    comment_index: Annotated[int, at_least(0)] | None = None

    @field_validator("target_post_url")
    @classmethod
    def _single(cls, value: str, info: ValidationInfo) -> str:
        for url in parse_list(value, "URLs"):
            check_post_url(url, info.data.get("platform"))
        return value

    @field_validator("target_post_urls")
    @classmethod
    def _urls(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value:
            if "target_post_url" not in info.data:
                return []
            value = parse_list(info.data["target_post_url"], "URLs")
        if not value:
            raise invalid(
                "required: give target_post_urls (a list) or target_post_url (newline or comma separated)"
            )
        platform = info.data.get("platform")
        return dedupe((check_post_url(url, platform) for url in value), key=lambda u: u)

    @field_validator("comment_content")
    @classmethod
    def _content(cls, value: str) -> str:
        if not text_lines(value):
            raise invalid("required: one comment per line")
        return value

    @property
    def comments(self) -> list[str]:
        return text_lines(self.comment_content)

    @property
    def target(self) -> str:
        return self.target_post_urls[0]

    def split(self) -> list[dict[str, Any]]:
        base = self.model_dump(mode="json", exclude={"target_post_url"})
        out = []
        for index, url in enumerate(self.target_post_urls):
            config = {**base, "target_post_urls": [url]}
            if self.comment_order == "sequential" and self.comment_index is None:
                config["comment_index"] = index
            out.append(config)
        return out
