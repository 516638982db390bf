"""Similar accounts (possible duplicates): comparable profiles, normalised names, blocking keys, the
explained field-by-field comparison, the search over the registry and applications, and its evaluation.

May import: core, forms, messaging, identity, documents.
"""
