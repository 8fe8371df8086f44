"""Pages of the cases app, one module per thing a reader looks for:

- ``lists``: the case list, its search, filters and paging, its spreadsheet, the deadlines;
- ``intake``: receiving a request, looking up a person, the proving papers and their scans;
- ``case``: the case page and the one view that takes every action of the workflow;
- ``surveys``, ``complaints``, ``evaluation``, ``payments``: the later stages;
- ``papers``: the official PDFs (slip, notices, decisions, the register) and the register's
  spreadsheet; ``national_export``: the file for the Ministry's software.

Views parse input, ask ``cases.access`` what the user may see, call ``cases.services`` and
render; the rules are in the services.
"""
