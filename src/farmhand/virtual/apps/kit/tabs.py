"""The screens of an app's tab bar (Home, Search, Profile, ...): a tab tapped (action ``tab``)
switches to its screen, and BACK on any tab but Home goes Home."""

from __future__ import annotations

from farmhand.virtual.apps.kit.screenkit import Screen


class TabRoot(Screen):
    tab = "home"

    def tap(self, action: str, arg: str | None) -> None:
        if action == "tab" and arg:
            self.app.switch_tab(arg)
        else:
            super().tap(action, arg)

    def back(self) -> bool:
        if self.tab != "home":
            self.app.switch_tab("home")
            return True
        self.app.close(self)
        return False
