"""Instagram's package, activity names, intent actions and permissions."""

from __future__ import annotations

PACKAGE = "com.instagram.android"

LAUNCHER = "com.instagram.mainactivity.LauncherActivity"
MAIN = "com.instagram.mainactivity.MainActivity"
MODAL = "com.instagram.modal.ModalActivity"
URL_HANDLER = "com.instagram.url.UrlHandlerActivity"
SHARE_FEED = "com.instagram.share.handleractivity.ShareHandlerActivity"
SHARE_CLIPS = "com.instagram.share.handleractivity.ClipsShareHandlerActivity"
SHARE_STORY = "com.instagram.share.handleractivity.StoryShareHandlerActivity"
SHARE_CUSTOM_STORY = "com.instagram.share.handleractivity.CustomStoryShareHandlerActivity"
SHARE_DIRECT = "com.instagram.direct.share.handler.DirectShareHandlerActivity"
RESOLVER = "com.android.internal.app.ResolverActivity"

ALL = (
    LAUNCHER,
    MAIN,
    MODAL,
    URL_HANDLER,
    SHARE_FEED,
    SHARE_CLIPS,
    SHARE_STORY,
    SHARE_CUSTOM_STORY,
    SHARE_DIRECT,
)
SHARE_TARGETS = {"feed": SHARE_FEED, "reels": SHARE_CLIPS, "stories": SHARE_STORY, "chats": SHARE_DIRECT}
LINK_HOSTS = ("www.instagram.com", "instagram.com", "m.instagram.com")

ACTION_SEND = "android.intent.action.SEND"
ACTION_SEND_MULTIPLE = "android.intent.action.SEND_MULTIPLE"
ACTION_VIEW = "android.intent.action.VIEW"
ACTION_ADD_TO_STORY = "com.instagram.share.ADD_TO_STORY"

PERM_MEDIA = "android.permission.READ_MEDIA_IMAGES"
PERM_NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"
