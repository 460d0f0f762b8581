"""Allow ``python -m cinchair`` to behave exactly like the ``cinchair`` script."""

from cinchair.cli.main import main

raise SystemExit(main())
