"""The whole-event JSON file (``awards export --json`` / ``awards import event``): the writer is
transfer/exports.py; the reader checks the file in a read session and stores it in one short
write (reader.py: prepare and store), one module per part of the file (catalogue: the event,
categories and sponsors; people; nominations; judging; certificates), with shape.py (reading
the bytes, and every value's type and range checked before any part is read), fields.py (the
value checker) and rows.py (writing rows whose ids are known only when stored)."""
