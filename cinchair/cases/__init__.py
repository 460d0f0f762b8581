"""Cases as lists and summaries: the case list's rows, a case's overview, the admin report."""
