"""The reports app's pages: ``results`` (dashboard, report) and ``documents`` (certificates,
exports)."""
