"""TikTok resource ids per id profile (knob ``id_profile``).

TikTok obfuscates its ids and changes them with every build, so scripts must treat them as
hints. ``tiktok-43`` carries the ids seen in v43-era dumps (notes app-flows.md sections 1, 2
and 6), ``tiktok-35`` those of the Geelark v35 build where the notes give one and other
obfuscated names where they do not (a build renames everything), and ``tiktok-noids`` none at
all, which forces the text/content-desc paths.
"""

from __future__ import annotations

PROFILES = ("tiktok-43", "tiktok-35", "tiktok-noids")
DEFAULT_PROFILE = "tiktok-43"

V43: dict[str, str] = {
    # bottom navigation and home header
    "nav_bar": "mky",
    "nav_home": "mkq",
    "nav_friends": "mkp",
    "nav_create": "mkn",
    "nav_inbox": "mkr",
    "nav_profile": "mks",
    "home_search": "irz",
    "promo_close": "fac",
    # camera
    "cam_add_sound": "d8a",
    "cam_record": "q76",
    "cam_upload": "ymg",
    "cam_close": "jix",
    # gallery
    "gal_recents": "x4d",
    "gal_multi": "mlr",
    "gal_grid": "i8o",
    "gal_thumb": "mub",
    "gal_duration": "faj",
    "gal_circle": "gvi",
    "gal_next": "tvr",
    # editor
    "ed_next": "ntq",
    "ed_story": "qxr",
    "ed_music": "d88",
    "ed_add_sound": "d8a",
    "clip_editor": "xay",
    # post screen
    "post_caption": "g19",
    "post_title": "g1c",
    "post_hashtags": "auj",
    "post_mention": "aui",
    "post_cover": "d1k",
    "post_location": "w4m",
    "post_drafts": "f6a",
    "post_button": "qrb",
    "upload_badge": "x44",
    # profile
    "pf_username": "qh5",
    "pf_name": "qf8",
    "pf_stat_value": "qfw",
    "pf_stat_label": "qfv",
    "pf_follow": "eme",
    "pf_empty": "w4m",
    "pf_menu": "ngm",
    "settings_row": "d_w",
    # search
    "search_input": "giv",
    "search_go": "y61",
    "search_user_row": "sh2",
    "search_username": "ye2",
    "search_follow": "rdh",
    # video page
    "v_like": "f57",
    "v_like_icon": "f4u",
    "v_like_count": "f4z",
    "v_comments": "dtv",
    "v_comment_count": "dp9",
    "v_favorite": "guh",
    "v_favorite_icon": "gtn",
    "v_share": "f57",
    "v_share_icon": "t_j",
    "v_sound": "nhe",
    "v_avatar": "yx4",
    "v_follow": "hi1",
    "v_caption": "desc",
    "v_surface": "long_press_layout",
    "v_ad_label": "ru3",
    "card_skip": "y_k",
    "card_follow_back": "bjk",
    "card_not_interested": "bjl",
    "card_close": "bjr",
    # comment sheet
    "cm_title": "qx0",
    "cm_list": "jt3",
    "cm_input": "bqk",
    "cm_send": "cg8",
    "cm_close": "dqh",
    "cm_like": "fp7",
}

# The v35 (Geelark) build: the ids the notes attribute to it, then the rest renamed.
V35: dict[str, str] = {
    key: f"{name[::-1]}5" if name not in ("desc", "long_press_layout") else name for key, name in V43.items()
}
V35.update(
    {
        "nav_create": "lxd",
        "cam_add_sound": "d24",
        "ed_add_sound": "d24",
        "cam_upload": "c_u",
        "post_caption": "fpj",
        "post_button": "pwo",
        "post_drafts": "fex",
        "post_hashtags": "awo",
        "post_mention": "awn",
        "post_cover": "ji6",
        "home_search": "ia6",
        "cm_input": "bpu",
        "cm_send": "bwe",
    }
)

# The Asia build (trill) names its profile Follow button differently (notes 2.1 F3).
TRILL_OVERRIDES = {"tiktok-43": {"pf_follow": "dq0"}}


def ids_for(profile: str, package: str) -> dict[str, str]:
    if profile == "tiktok-noids":
        return {}
    table = dict(V35 if profile == "tiktok-35" else V43)
    if package.endswith(".trill"):
        table.update(TRILL_OVERRIDES.get(profile, {}))
    return table
