"""SSAS registration portal: the application package."""
