"""A post on its way to the server: it advances with the phone's clock and then either lands
(the post is recorded) or fails (knob ``upload_error``); and what both apps do with their
uploads: start one, land or fail the due ones, retry or discard a failed one, keep a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.kit.screenkit import knob_float, knob_on
from farmhand.virtual.apps.kit.signed_in import SignedInApp

DEFAULT_UPLOAD_SECONDS = 2.0


@dataclass
class Upload:
    post: dict[str, Any]  # what will be recorded once it lands
    started: float
    seconds: float
    fails: bool
    finished: bool = False
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def percent(self, now: float) -> int:
        if self.seconds <= 0:
            return 100
        return max(0, min(100, int(100 * (now - self.started) / self.seconds)))

    def due(self, now: float) -> bool:
        return not self.finished and now - self.started >= self.seconds

    def restart(self, now: float, fails: bool) -> None:
        self.started = now
        self.fails = fails
        self.finished = False
        self.failed = False


def journal_entry(post: dict[str, Any]) -> dict[str, Any]:
    """A post as the journal records it: ``kind`` is the journal's own key (the event), so the
    media kind travels as ``media_kind``."""
    entry = {key: value for key, value in post.items() if key != "kind"}
    entry["media_kind"] = post["kind"]
    return entry


class UploadingApp(SignedInApp):
    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self.uploads: list[Upload] = []

    def _start_upload(self, post: dict[str, Any]) -> None:
        """Send ``post`` on its way and go home, where its progress shows."""
        seconds = knob_float(self.host, "upload_seconds", DEFAULT_UPLOAD_SECONDS)
        self.uploads.append(Upload(post, self.host.now(), seconds, knob_on(self.host, "upload_error")))
        self.go_home()
        self.tick()

    def _finish_due_uploads(self, now: float) -> list[Upload]:
        """The uploads whose time has come, marked finished, and failed when they fail; the
        others leave the queue (the caller lands them). A failed one stays for Retry."""
        due = [upload for upload in self.uploads if upload.due(now)]
        for upload in due:
            upload.finished = True
            if upload.fails:
                upload.failed = True
            else:
                self.uploads.remove(upload)
        return due

    def _land(self, record: dict[str, Any]) -> dict[str, Any]:
        """A post that reached the server: in the state, and ``posted`` in the journal."""
        self.data.posts.append(record)
        self.save()
        self.host.record("posted", journal_entry(record))
        return record

    def retry_upload(self) -> None:
        for upload in self.uploads:
            if upload.failed:
                upload.restart(self.host.now(), knob_on(self.host, "upload_error"))
                return

    def discard_failed_upload(self) -> None:
        self.uploads = [upload for upload in self.uploads if not upload.failed]

    def _keep_draft(self, entry: dict[str, Any], toast: str) -> None:
        """Keep a draft in the state, say so (string key ``toast``) and go home."""
        self.data.drafts.append(entry)
        self.save()
        self._effect("draft_saved", caption=entry["caption"], media=entry["media"])
        self.host.toast(self.s(toast))
        self.go_home()
