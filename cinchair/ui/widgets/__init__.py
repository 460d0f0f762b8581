"""Widgets used across windows: the signature pad, spell checking, busy work, the icon."""
