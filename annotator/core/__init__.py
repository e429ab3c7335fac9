"""Pure domain types and logic: no storage, no Qt."""
