"""Models of the clo app."""
