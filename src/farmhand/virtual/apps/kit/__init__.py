"""What the virtual TikTok and Instagram share: a screen-stack toolkit (``screenkit``), the
persisted app state (``appstate``), the people and clips of the imitated world (``people``),
the signed-in accounts (``signed_in``) and what they do (``social``), uploads, drafts, prompts,
bottom sheets (``sheet``) and paged feeds (``pager``)."""
