"""The reports app's pages: ``results`` (dashboard and report), ``documents`` (certificates, exports)."""
