"""Case packs: the council sending cases to one chair's laptop.

A sync bundle carries a meeting from a laptop to the council; a case pack carries cases
the other way, so any chair on any laptop continues a case where its last review left it
(a case moving to another chair, a Child Protection Manager taking over, a replaced
laptop). ``format`` (manifest, refusals), ``sealing`` (sealed to the laptop's X25519
key), ``make`` (the council's side: ``cases_for_pack``, ``make_case_pack``), ``open``
(every check, ``open_case_pack``) and ``receive`` (into the laptop's store,
``receive_case_pack``); ``laptop_receive`` puts them together for the command and the
window. ``docs/sync-design.md`` has the format.
"""
