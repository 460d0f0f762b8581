"""What the app keeps about itself: paths, settings, files, failures, first run, spelling."""
