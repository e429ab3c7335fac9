"""Review mode (issue 13, item 4): a merged project's annotator layers settled into the gold layer."""
