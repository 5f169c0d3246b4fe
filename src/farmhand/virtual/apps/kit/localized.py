"""An app whose resource ids follow the ``id_profile`` knob and whose labels follow the
``locale`` knob, English standing in for a label a language lacks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from farmhand.virtual.apps.kit.screenkit import ScreenApp, Ui, knob_text
from farmhand.virtual.knobs import id_profile_for


class LocalizedApp(ScreenApp):
    id_family: ClassVar[str]  # which of the id_profile knob's profiles is this app's: "tiktok", "ig"
    labels: ClassVar[Mapping[str, Mapping[str, str]]]  # language ("en", "fr") → string key → label

    @property
    def id_profile(self) -> str:
        return id_profile_for(knob_text(self.host, "id_profile", ""), self.id_family)

    def ids(self) -> Mapping[str, str]:
        """Semantic key → resource id name in the current id profile."""
        raise NotImplementedError

    def ui(self) -> Ui:
        english = self.labels["en"]
        language = knob_text(self.host, "locale", "en").lower()[:2]
        return Ui(
            self.package,
            self.host.width,
            self.host.height,
            self.ids(),
            self.labels.get(language, english),
            english,
        )

    def s(self, key: str, **values: Any) -> str:
        """The label for ``key`` in the app's language."""
        return self.ui().s(key, **values)
