"""Search across the project: the search panel (Ctrl+Shift+F) and the document list's filter box (Ctrl+K)."""
