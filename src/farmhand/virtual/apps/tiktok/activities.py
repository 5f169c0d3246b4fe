"""TikTok's package names and activity names (the same for the Global and the Asia build)."""

from __future__ import annotations

GLOBAL_PACKAGE = "com.zhiliaoapp.musically"
ASIA_PACKAGE = "com.ss.android.ugc.trill"

SPLASH = "com.ss.android.ugc.aweme.splash.SplashActivity"
MAIN = "com.ss.android.ugc.aweme.main.MainActivity"
SHARE = "com.ss.android.ugc.aweme.share.SystemShareActivity"
CREATION = "com.ss.android.ugc.aweme.adaptation.saa.SAAActivity"
PUBLISH = "com.ss.android.ugc.aweme.shortvideo.ui.VideoPublishActivity"
PROFILE = "com.ss.android.ugc.aweme.profile.ui.UserProfileActivity"
DETAIL = "com.ss.android.ugc.aweme.detail.ui.DetailActivity"
SEARCH = "com.ss.android.ugc.aweme.search.activity.SearchResultActivity"
MUSIC = "com.ss.android.ugc.aweme.music.ui.MusicDetailActivity"
LIVE = "com.ss.android.ugc.aweme.live.LivePlayActivity"
LOGIN = "com.ss.android.ugc.aweme.account.login.v2.ui.SignUpOrLoginActivity"
SETTINGS = "com.ss.android.ugc.aweme.setting.ui.SettingContainerActivity"
DEEP_LINK = "com.ss.android.ugc.aweme.deeplink.DeepLinkHandlerActivity"

ALL = (
    SPLASH,
    MAIN,
    SHARE,
    CREATION,
    PUBLISH,
    PROFILE,
    DETAIL,
    SEARCH,
    MUSIC,
    LIVE,
    LOGIN,
    SETTINGS,
    DEEP_LINK,
)
LINK_HOSTS = ("www.tiktok.com", "tiktok.com", "m.tiktok.com", "vm.tiktok.com", "vt.tiktok.com")

ACTION_SEND = "android.intent.action.SEND"
ACTION_SEND_MULTIPLE = "android.intent.action.SEND_MULTIPLE"
ACTION_VIEW = "android.intent.action.VIEW"

PERM_CAMERA = "android.permission.CAMERA"
PERM_MIC = "android.permission.RECORD_AUDIO"
PERM_MEDIA = "android.permission.READ_MEDIA_VIDEO"
PERM_CONTACTS = "android.permission.READ_CONTACTS"
PERM_NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"
