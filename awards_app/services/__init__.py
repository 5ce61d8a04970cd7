"""Use cases. Each function takes a Session, never commits it, and raises typed errors."""
