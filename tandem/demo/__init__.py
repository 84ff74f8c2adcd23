"""The demo organisations, seeded by ``manage.py seed_demo``: the top floor, above every app.

It lives through cohorts with the apps' own services and imports from any of
them; no app imports it (``lint-imports``).
"""
