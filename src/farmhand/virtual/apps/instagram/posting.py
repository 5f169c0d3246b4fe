"""Instagram posting: the pending upload with its snackbar, "Posted!", failures on
``upload_error``, drafts, and uploads that survive a force-stop (they continue in the
background, notes 4.1 I9)."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.app import AppHost
from farmhand.virtual.apps.instagram.core import InstagramCore
from farmhand.virtual.apps.instagram.posts import code_for, post_url
from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.upload import Upload, UploadingApp

DONE_SHOWN_S = 4.0  # how long "Posted!" stays on screen after an upload lands


class InstagramPosting(InstagramCore, UploadingApp):
    def __init__(self, host: AppHost, state: dict[str, Any]) -> None:
        super().__init__(host, state)
        self._restore_uploads()

    # --- posting ----------------------------------------------------------------------------
    def publish(self, draft: Draft, caption: str, placement: str) -> None:
        post: dict[str, Any] = {
            "account": self.data.current,
            "caption": caption.strip(),
            "title": "",
            "media": [item.path for item in draft.media],
            "media_uris": [item.uri for item in draft.media],
            "kind": draft.kind,
            "placement": placement,
            "sound": draft.sound,
            "via": draft.via,
        }
        self._start_upload(post)

    def save_draft(self, draft: Draft, caption: str, placement: str) -> None:
        entry = {
            "account": self.data.current,
            "caption": caption,
            "media": [m.path for m in draft.media],
            "placement": placement,
            "time": self.host.now(),
        }
        self._keep_draft(entry, "draft_saved")

    def tick(self) -> None:
        now = self.host.now()
        self.landed = [(upload, at) for upload, at in self.landed if now - at < DONE_SHOWN_S]
        for upload in self._finish_due_uploads(now):
            post = upload.post
            if upload.failed:
                self._effect(
                    "upload_failed", caption=post["caption"], media=post["media"], placement=post["placement"]
                )
                continue
            record = dict(post, id=code_for(self.host.rng.getrandbits(60)), time=now)
            record["url"] = post_url(record["id"])
            self._land(record)
            self.landed.append((upload, now))
            self.host.toast(self.s("story_shared" if post["placement"] == "story" else "posted"))

    # --- process lifecycle ------------------------------------------------------------------
    def on_stop(self) -> None:
        # Instagram keeps uploading in the background: a force-stop does not lose the post
        # (notes 4.1 I9). The unfinished ones are kept in the state and land when the app
        # next runs.
        super().on_stop()
        self.data.data["pending_uploads"] = [
            {"post": u.post, "started": u.started, "seconds": u.seconds, "fails": u.fails}
            for u in self.uploads
            if not u.finished
        ]
        self.uploads = []
        self.save()
        self._alive = False

    def _restore_uploads(self) -> None:
        for saved in self.data.data.pop("pending_uploads", None) or []:
            self.uploads.append(Upload(saved["post"], saved["started"], saved["seconds"], saved["fails"]))
