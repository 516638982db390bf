"""The domain in plain Python and SQLModel. Nothing here imports Reflex."""
