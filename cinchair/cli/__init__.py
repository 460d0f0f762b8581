"""The ``cinchair`` command: every subcommand, registered in one place."""
