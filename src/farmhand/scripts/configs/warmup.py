"""``account_warmup``: watch the feed like a person for a while (SPEC section 4)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, Field, ValidationInfo, field_validator

from farmhand.scripts.configs.common import (
    BaseScriptConfig,
    CommentOrder,
    LineList,
    NonNegativeNumber,
    Number,
    Probability,
    between,
    invalid,
    text_lines,
)

MAX_TASK_DURATION = 86_400  # a day; more is a unit mistake (ms for s)


class WarmupConfig(BaseScriptConfig):
    task_duration: Annotated[Number, between(1, MAX_TASK_DURATION)] = 600
    topic: LineList = ""  # one search keyword per line
    min_duration: NonNegativeNumber = 15
    max_duration: NonNegativeNumber = Field(30, validate_default=True)
    like_probable: Probability = 0
    # TikMatrix spells it "floow_probable"; "follow_probable" is accepted too.
    floow_probable: Probability = Field(0, validation_alias=AliasChoices("floow_probable", "follow_probable"))
    collect_probable: Probability = 0
    comment_probable: Probability = 0
    comment: LineList = Field("", validate_default=True)  # comment templates, one per line
    insert_emoji: bool = False
    comment_order: CommentOrder = "random"

    @field_validator("max_duration")
    @classmethod
    def _range(cls, value: float, info: ValidationInfo) -> float:
        low = info.data.get("min_duration")
        if low is not None and value < low:
            raise invalid(f"must be >= min_duration ({low})")
        return value

    @field_validator("comment")
    @classmethod
    def _templates(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("comment_probable", 0) > 0 and not value.strip():
            raise invalid("required when comment_probable > 0 (one comment per line)")
        return value

    @property
    def topics(self) -> list[str]:
        return text_lines(self.topic)

    @property
    def comments(self) -> list[str]:
        return text_lines(self.comment)
