"""Pages of people: the start pages, the org chart, the HR import, administration, invitations."""
