"""cinchair: the Child in Need review chair's offline companion.

The package root holds the Qt-free core. ``cinchair.ui`` is the only place that
imports Qt, so the command line, the importer and most tests run without a screen.
"""

__version__ = "0.2.0"
APP_NAME = "cinchair"
APP_AUTHOR = "cinchair"
