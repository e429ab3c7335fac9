"""Backups in the window: made in the background, restored and saved as copies from the File menu,
and a way back when a project will not open because it is damaged."""
