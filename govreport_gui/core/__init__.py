"""The core of the application: no Qt here (a test enforces it).

- :mod:`.edition`  the official formats, loaded from ``resources/editions``
- :mod:`.values`   value types, validation and lenient parsing of typed text
- :mod:`.report`   the report model
- :mod:`.rules`    the rule engine (full and incremental checking)
- :mod:`.native`   the ``.govreport`` file
- :mod:`.carry`    starting a report from last year's
"""
