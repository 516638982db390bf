"""Getting a message or a one-time code to a person: the provider interface, the AWS providers (Pinpoint,
End User Messaging SMS), the local outbox, and the notification queue delivered after each commit.

May import: core, forms (the reason texts a notification quotes).
"""
