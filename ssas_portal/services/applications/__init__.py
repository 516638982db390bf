"""An application's life from the applicant's side and its one lifecycle: drafts opened by a proven
contact, answers and documents, submission, every status change with its allowed transitions, the history,
and what the applicant reads about their request.

May import: core, forms, messaging, identity, documents, similarity, registry.
"""
