"""PDF renderers (ReportLab): take plain data, know nothing of Qt or the database.

Package-wide ReportLab setting: content streams are written as plain Flate-compressed
binary rather than also ASCII85-encoded. Our PDFs embed fonts, so they are binary anyway;
skipping the encoding makes them about a fifth smaller and saves a third of the writing
time when ReportLab's optional C accelerator is absent.
"""

from reportlab import rl_config

rl_config.useA85 = 0
