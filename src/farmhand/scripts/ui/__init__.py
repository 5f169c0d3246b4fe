"""Seeing and touching app screens: the dumped hierarchy, selector tables kept as data, and
the waits, taps and pop-up handling every flow shares."""
