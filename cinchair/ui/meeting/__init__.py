"""The meeting itself: the guided agenda the chair works through, page by page."""
