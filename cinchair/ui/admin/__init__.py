"""The council's admin desk: reviews due, conflicts, laptops, keys, recovery and imports.

Every page asks core functions (``cinchair.sync``, ``cinchair.cases.report``,
``cinchair.app.council_store``) for plain values and shows them through model/view
tables, so a list of 10,000 cases or 200 laptops stays quick to sort and filter.
"""
