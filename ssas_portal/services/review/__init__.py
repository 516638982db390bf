"""Staff review: the queue of open applications, claims and decisions on each workflow step, and the
review file a reviewer reads.

May import every other package; none imports it.
"""
