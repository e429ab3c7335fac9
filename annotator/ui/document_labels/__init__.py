"""Document labels in the window: a toggle row under the title, Ctrl+Alt+1…9, the list's column and filter."""
