"""Where the event stands: the welcome page (no event yet; on the start-up path, so Qt only)
and the Overview page with its figures, lists of what needs attention, and bar charts."""
