"""One module per group of screens; each exposes `register(app)`."""
