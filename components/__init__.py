"""Reusable UI pieces. They show text through `state.language.tr` and never read the database."""
