"""What the virtual TikTok and Instagram share: a screen-stack toolkit (``screenkit``), the
persisted app state (``appstate``), the people and clips of the imitated world (``people``),
uploads, drafts, prompts and bottom sheets (``sheet``)."""
