"""The rules of the work, as pure functions: dates, schedules, agenda, SMART checks.

Nothing here opens a session, a file or a window, so every rule is tested by itself."""
