"""The annotation window: widgets, Qt models and undo commands over `annotator.store.Project`."""
