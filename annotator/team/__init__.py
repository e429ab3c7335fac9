"""Team work without a window: merging annotators' projects and measuring their agreement (issue 13)."""
