"""The body of ``POST /task`` (TikMatrix's fields plus farmhand's optional extensions)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from farmhand.timeutil import parse_hhmm, parse_iso

MAX_TARGETS = 5000


class CreateTaskRequest(BaseModel):
    """Create tasks on phones (``serials``) or as accounts (``usernames``)."""

    model_config = ConfigDict(extra="allow")

    serials: list[str] | None = Field(None, description="Device mode: ADB serials of known devices.")
    usernames: list[str] | None = Field(
        None, description="Account mode: usernames bound to devices (a leading @ is ignored)."
    )
    script_name: str = Field(description="post, follow, unfollow, comment or account_warmup.")
    script_config: dict[str, Any] = Field(
        description="The script's parameters (validated against its schema)."
    )
    enable_multi_account: bool = Field(
        False, description="Device mode: one task per enabled account of each device."
    )
    start_time: str | None = Field(None, description="HH:MM, server local time: the next occurrence.")
    min_interval: int = Field(0, ge=0, le=1440, description="Minutes; staggers the created tasks.")
    max_interval: int = Field(0, ge=0, le=1440, description="Minutes; staggers the created tasks.")
    start_at: str | None = Field(None, description="Extension: ISO-8601 with offset; wins over start_time.")
    priority: int = Field(0, ge=-1000, le=1000, description="Extension: higher runs first on a device.")
    max_retries: int | None = Field(None, ge=0, le=100, description="Extension: retry limit of each task.")
    timeout_s: float | None = Field(
        None, gt=0, le=7 * 24 * 3600, description="Extension: run limit of each task, seconds."
    )

    @field_validator("serials", "usernames")
    @classmethod
    def _targets(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("must not be empty")
        if len(value) > MAX_TARGETS:
            raise ValueError(f"must have at most {MAX_TARGETS} items")
        cleaned = []
        for item in value:
            if not item.strip():
                raise ValueError("must not contain empty strings")
            cleaned.append(item.strip())
        return cleaned

    @field_validator("start_time")
    @classmethod
    def _start_time(cls, value: str | None) -> str | None:
        if value is not None:
            parse_hhmm(value)
        return value

    @field_validator("start_at")
    @classmethod
    def _start_at(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_iso(value)
            except ValueError as exc:
                raise ValueError(f"must be ISO-8601 with a UTC offset ({exc})") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CreateTaskRequest:
        if self.serials is not None and self.usernames is not None:
            raise ValueError("give either serials (device mode) or usernames (account mode), not both")
        if self.serials is None and self.usernames is None:
            raise ValueError("serials or usernames is required")
        if self.min_interval > self.max_interval:
            raise ValueError(
                f"min_interval ({self.min_interval}) must be <= max_interval ({self.max_interval})"
            )
        if self.enable_multi_account and self.usernames is not None:
            raise ValueError("enable_multi_account applies to device mode (serials) only")
        return self
