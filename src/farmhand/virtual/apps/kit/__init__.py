"""What the virtual TikTok and Instagram share.

* ``screenkit``: the screen stack, node building (``Ui``) and knob reading;
* ``localized``, ``signed_in``, ``social``, ``upload``: the layers of an app under its own
  code (id profile and language; signed-in accounts; follows, likes, comments and the
  captcha gate; uploads and drafts);
* screens and pieces of screens: ``tabs`` (tab-bar roots), ``pager`` (one item at a time),
  ``sheet`` (bottom sheets), ``prompts`` (dialogs), ``gallery`` (the media picker),
  ``layouts`` (tile grids, tab rows, account rows);
* the world and the state: ``people`` (other people, clips, sounds), ``appstate`` (the
  persisted state), ``draft`` (a post being edited).
"""
