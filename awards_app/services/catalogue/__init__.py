"""The event's catalogue: award categories with their criteria, sponsors with their judges,
and which categories each sponsor judges; creating an event with its catalogue.

Callers use the modules: ``categories.create_category``, ``sponsors.create_judge``, and
``catalogue.create_event`` for a new event with the standard categories or last year's set-up.
"""

from __future__ import annotations

from awards_app.services.catalogue import categories, sponsors
from awards_app.services.catalogue.setup import copy_event_setup, create_event

__all__ = ["categories", "copy_event_setup", "create_event", "sponsors"]
