"""How a run ended, in the store's words: status, error code and remark."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from farmhand.devices.base import DeviceError, DeviceOffline, DeviceTimeout
from farmhand.domain import ErrorCode, TaskStatus
from farmhand.scripts.base import ScriptError, StopRequested
from farmhand.store.runs import MAY_HAVE_POSTED
from farmhand.store.tasks import STOPPED_BY_USER

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    status: TaskStatus
    remark: str
    error_code: ErrorCode | None = None


def completed(remark: str) -> Outcome:
    return Outcome(TaskStatus.COMPLETED, remark or "completed")


def from_exception(exc: BaseException, *, timeout_s: float, task_id: int) -> Outcome:
    if isinstance(exc, StopRequested):
        return {
            "stopped": Outcome(TaskStatus.FAILED, STOPPED_BY_USER, ErrorCode.STOPPED),
            "timeout": Outcome(TaskStatus.FAILED, f"timed out after {timeout_s:g} s", ErrorCode.TIMEOUT),
            "shutdown": Outcome(
                TaskStatus.FAILED, "interrupted: farmhand was shut down while it ran", ErrorCode.INTERRUPTED
            ),
            "offline": Outcome(
                TaskStatus.FAILED, "the phone went offline while the task ran", ErrorCode.DEVICE_OFFLINE
            ),
        }[exc.reason]
    if isinstance(exc, ScriptError):
        return Outcome(TaskStatus.FAILED, exc.message, exc.code)
    if isinstance(exc, DeviceOffline):
        return Outcome(
            TaskStatus.FAILED, f"the phone went offline while the task ran ({exc})", ErrorCode.DEVICE_OFFLINE
        )
    if isinstance(exc, DeviceTimeout):
        return Outcome(TaskStatus.FAILED, f"the phone did not answer in time ({exc})", ErrorCode.DEVICE_ERROR)
    if isinstance(exc, DeviceError):
        return Outcome(TaskStatus.FAILED, f"device error: {exc}", ErrorCode.DEVICE_ERROR)
    trace_id = uuid.uuid4().hex[:12]
    log.error("task %s failed with an internal error (trace id %s)", task_id, trace_id, exc_info=exc)
    return Outcome(
        TaskStatus.FAILED,
        f"internal error (trace id {trace_id}): {type(exc).__name__}: {exc}",
        ErrorCode.INTERNAL,
    )


def after_point_of_no_return(outcome: Outcome) -> Outcome:
    """A failure after the tap on Post: the post may exist. Say so; never retry on our own."""
    if outcome.status != TaskStatus.FAILED:
        return outcome
    return Outcome(outcome.status, f"{outcome.remark}; {MAY_HAVE_POSTED}", outcome.error_code)
