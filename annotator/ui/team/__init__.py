"""Team work in the window: who is annotating, merging annotators' projects, their agreement (issue 13)."""
