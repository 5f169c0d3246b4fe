"""The config schema of every script: TikMatrix's parameters with their defaults, ranges and
aliases, and the fan-out to one task per target."""

from farmhand.scripts.configs.post import PostConfig
from farmhand.scripts.configs.targets import CommentConfig, FollowConfig, TargetUsersConfig, UnfollowConfig
from farmhand.scripts.configs.warmup import WarmupConfig

__all__ = [
    "CommentConfig",
    "FollowConfig",
    "PostConfig",
    "TargetUsersConfig",
    "UnfollowConfig",
    "WarmupConfig",
]
