"""Similar accounts: comparable profiles, blocking keys, explained field-by-field comparison and its evaluation."""
