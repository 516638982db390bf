"""The bottom of the domain: the database session and transactions, the one refusal type, configuration
files, the i18n catalogs, the audit chain, the server key and masking of personal data.

Imports nothing else from services; every other package may import it.
"""
