"""Pages of the program team (planning, pool) and of participants (registration)."""
