"""The whole-event JSON file (``awards export --json`` / ``awards import event``): one reader
for its sections (reader.py, judging.py, certificates.py), the writer in transfer/exports.py."""
