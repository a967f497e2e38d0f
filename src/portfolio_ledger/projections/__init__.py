"""Read models kept in SQL tables beside the events, caught up with exactly-once tracking."""
