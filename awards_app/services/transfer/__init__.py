"""Moving data in and out: spreadsheet imports (nominations, sponsors, paper scores) with
preview before storing, templates, exports, and the whole-event JSON file (event_json/).

Everything here is built on the services below it; nothing below imports transfer.
"""
