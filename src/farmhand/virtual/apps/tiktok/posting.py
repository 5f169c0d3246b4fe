"""TikTok posting: a post on its way (the "NN%" badge), landing in the state and the journal
with the exact caption, failing on ``upload_error``, and lost on a force-stop."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.people import random_video_id
from farmhand.virtual.apps.kit.upload import UploadingApp
from farmhand.virtual.apps.tiktok.core import TikTokCore


class TikTokPosting(TikTokCore, UploadingApp):
    # --- posting ----------------------------------------------------------------------------
    def publish(
        self,
        draft: Draft,
        caption: str,
        title: str,
        placement: str,
        visibility: str = "everyone",
        allow_comments: bool = True,
        save_to_device: bool = False,
    ) -> None:
        post: dict[str, Any] = {
            "account": self.data.current,
            "caption": caption.strip(),
            "title": title.strip(),
            "media": [item.path for item in draft.media],
            "media_uris": [item.uri for item in draft.media],
            "kind": draft.kind,
            "placement": placement,
            "sound": draft.sound,
            "volumes": dict(draft.volumes),
            "via": draft.via,
            "visibility": visibility,
            "allow_comments": allow_comments,
            "save_to_device": save_to_device,
        }
        self._start_upload(post)

    def save_draft(self, draft: Draft, caption: str) -> None:
        entry = {
            "account": self.data.current,
            "caption": caption,
            "media": [m.path for m in draft.media],
            "kind": draft.kind,
            "time": self.host.now(),
        }
        self._keep_draft(entry, "draft_toast")

    def tick(self) -> None:
        now = self.host.now()
        for upload in self._finish_due_uploads(now):
            if upload.failed:
                self._effect("upload_failed", caption=upload.post["caption"], media=upload.post["media"])
                self.host.toast(self.s("upload_failed"))
                continue
            post = self._land(dict(upload.post, id=random_video_id(self.host.rng), time=now))
            self.host.toast(self.s("story_toast" if post["placement"] == "story" else "posted_toast"))

    # --- process lifecycle ------------------------------------------------------------------
    def on_stop(self) -> None:
        super().on_stop()  # ticks first: what has landed is recorded
        for upload in self.uploads:
            if not upload.finished:
                self._effect("upload_interrupted", caption=upload.post["caption"], media=upload.post["media"])
        self.uploads.clear()
        self._alive = False
        self._refused.clear()
