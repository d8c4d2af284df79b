"""ipywidgets builders: ``common`` holds the shared pieces, one module per app."""
