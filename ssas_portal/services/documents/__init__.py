"""Files people attach: checked by their bytes, kept in local or S3 storage, read only by whom may, and the
signed short-lived links an applicant without an account downloads through.

May import: core, forms, messaging, identity.
"""
