"""Suggestions in the window (issue 12): painted apart from spans, stepped through and decided by key."""
