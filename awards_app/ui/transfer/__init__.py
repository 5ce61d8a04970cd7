"""Import / export: the page, the checked file shown beside its problems, and the jobs that
check, import and export off the UI thread."""
