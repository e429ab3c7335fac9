"""The statistics view: the project's charts painted by Qt, each with its figures as CSV."""
