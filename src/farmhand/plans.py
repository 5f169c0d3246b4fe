"""The plans of SPEC section 7: how many phones may run at once, and whether the API is on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plan:
    name: str  # the key used on the command line and in settings
    display_name: str
    device_limit: int | None  # None: unlimited
    api_enabled: bool


PLANS: dict[str, Plan] = {
    "starter": Plan("starter", "Starter", 5, False),
    "pro": Plan("pro", "Pro", 20, True),
    "team": Plan("team", "Team", 50, True),
    "business": Plan("business", "Business", 100, True),
    "self-hosted": Plan("self-hosted", "Self-hosted", None, True),
}
DEFAULT_PLAN = "self-hosted"


def resolve_plan(name: str, max_concurrent_devices: int | None) -> Plan:
    """The plan in force. Self-hosted takes its limit from ``max_concurrent_devices``."""
    try:
        plan = PLANS[name]
    except KeyError:
        raise ValueError(f"unknown plan {name!r}; choose one of {', '.join(PLANS)}") from None
    if plan.name == "self-hosted" and max_concurrent_devices:
        return Plan(plan.name, plan.display_name, max_concurrent_devices, plan.api_enabled)
    return plan
