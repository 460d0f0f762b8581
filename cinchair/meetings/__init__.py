"""A meeting's life: the draft as it is typed, starting, deciding, plans and signing."""
