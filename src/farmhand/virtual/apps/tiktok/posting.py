"""TikTok posting: a post on its way (the "NN%" badge), landing in the state and the journal
with the exact caption, failing on ``upload_error``, and lost on a force-stop."""

from __future__ import annotations

from typing import Any

from farmhand.virtual.apps.kit.draft import Draft
from farmhand.virtual.apps.kit.people import (
    random_video_id,
)
from farmhand.virtual.apps.kit.screenkit import (
    knob_float,
    knob_on,
)
from farmhand.virtual.apps.kit.upload import Upload
from farmhand.virtual.apps.tiktok.core import TikTokCore

DEFAULT_UPLOAD_SECONDS = 2.0


class TikTokPosting(TikTokCore):
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
        seconds = knob_float(self.host, "upload_seconds", DEFAULT_UPLOAD_SECONDS)
        self.uploads.append(Upload(post, self.host.now(), seconds, knob_on(self.host, "upload_error")))
        self.go_home()
        self.tick()

    def save_draft(self, draft: Draft, caption: str) -> None:
        entry = {
            "account": self.data.current,
            "caption": caption,
            "media": [m.path for m in draft.media],
            "kind": draft.kind,
            "time": self.host.now(),
        }
        self.data.drafts.append(entry)
        self.save()
        self._effect("draft_saved", caption=caption, media=entry["media"])
        self.host.toast(self.s("draft_toast"))
        self.go_home()

    def tick(self) -> None:
        now = self.host.now()
        for upload in list(self.uploads):
            if not upload.due(now):
                continue
            upload.finished = True
            if upload.fails:
                upload.failed = True
                self._effect("upload_failed", caption=upload.post["caption"], media=upload.post["media"])
                self.host.toast(self.s("upload_failed"))
                continue
            self.uploads.remove(upload)
            post = dict(upload.post, id=random_video_id(self.host.rng), time=now)
            self.data.posts.append(post)
            self.save()
            self.host.record("posted", journal_entry(post))
            self.host.toast(self.s("story_toast" if post["placement"] == "story" else "posted_toast"))

    def retry_upload(self) -> None:
        for upload in self.uploads:
            if upload.failed:
                upload.restart(self.host.now(), knob_on(self.host, "upload_error"))
                return

    def dismiss_failed_upload(self) -> None:
        self.uploads = [upload for upload in self.uploads if not upload.failed]

    # --- process lifecycle ------------------------------------------------------------------
    def on_stop(self) -> None:
        super().on_stop()  # ticks first: what has landed is recorded
        for upload in self.uploads:
            if not upload.finished:
                self._effect("upload_interrupted", caption=upload.post["caption"], media=upload.post["media"])
        self.uploads.clear()
        self._alive = False
        self._refused.clear()


def journal_entry(post: dict[str, Any]) -> dict[str, Any]:
    """A post as the journal records it: ``kind`` is the journal's own key (the event), so the
    media kind travels as ``media_kind``."""
    entry = {key: value for key, value in post.items() if key != "kind"}
    entry["media_kind"] = post["kind"]
    return entry
