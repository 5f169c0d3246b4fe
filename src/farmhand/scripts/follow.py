"""``follow`` and ``unfollow``: one target user per task (the fan-out made one task each)."""

from __future__ import annotations

from typing import ClassVar

from farmhand.scripts import profile
from farmhand.scripts.accounts import ensure_account
from farmhand.scripts.base import Script, ScriptConfig, ScriptContext
from farmhand.scripts.configs import FollowConfig, TargetUsersConfig, UnfollowConfig
from farmhand.scripts.session import AppSession

DEVICE_WORK_S = 300.0


class _ProfileScript(Script):
    model: ClassVar[type[TargetUsersConfig]]

    def run(self, ctx: ScriptContext) -> str:
        config = ctx.config_as(self.model)
        if len(config.target_users) != 1:
            ctx.log(f"{len(config.target_users)} targets in one task: only @{config.target} is handled")
        target = config.target
        app = AppSession(ctx)
        with ctx.step(f"open {app.label}"):
            app.start()
        ensure_account(ctx, app)
        with ctx.step(f"open @{target} ({config.access_method})"):
            profile.open_profile(ctx, app, target, config.access_method)
        with ctx.step(self.name):
            remark = self.act(ctx, app, target)
            ctx.log(remark)
        return remark

    def act(self, ctx: ScriptContext, app: AppSession, target: str) -> str:
        raise NotImplementedError

    def timeout_s(self, config: ScriptConfig, time_scale: float) -> float:
        return DEVICE_WORK_S + 120.0 * time_scale


class FollowScript(_ProfileScript):
    name = "follow"
    title = "Follow a user"
    config_model: ClassVar[type[ScriptConfig]] = FollowConfig
    model = FollowConfig

    def act(self, ctx: ScriptContext, app: AppSession, target: str) -> str:
        return profile.follow(ctx, app, target)


class UnfollowScript(_ProfileScript):
    name = "unfollow"
    title = "Unfollow a user"
    config_model: ClassVar[type[ScriptConfig]] = UnfollowConfig
    model = UnfollowConfig

    def act(self, ctx: ScriptContext, app: AppSession, target: str) -> str:
        return profile.unfollow(ctx, app, target)
