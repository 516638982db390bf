"""Who someone is and what they may do: accounts, passwords, one-time codes, authenticator apps, sign-in and
password reset, server-side sessions, throttles and the role-and-object authorisation of every action.

May import: core, forms, messaging.
"""
