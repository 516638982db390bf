"""The one registry of people and organisations: creating or linking the party at approval, issuing social
security and registration numbers, the automatic links (employee to employer, survivor to deceased,
guardian to minor), and the demo parties.

May import: core, forms, messaging, identity, documents, similarity.
"""
