"""Persistence: typed models, engine with durable pragmas, migrations, backups."""
