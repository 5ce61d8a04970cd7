"""Certificates: the page (who gets one, a preview, print runs), the small dialogs (verify a
code, the name printed, the history), the design dialog, the PDF preview and printing."""
