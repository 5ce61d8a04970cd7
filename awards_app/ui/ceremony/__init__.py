"""Ceremony: the running order with names as consented, ceremony details, and the ceremony
pack and its parts (services/ceremony)."""
