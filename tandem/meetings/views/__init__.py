"""Pages of meetings, split by what they are about."""
