"""Nominations: the page (search and filters over every nomination of the event) and the
editor (the young person, the nomination and its two narratives)."""
