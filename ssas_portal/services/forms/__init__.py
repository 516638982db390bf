"""What each registration type asks and how it is reviewed, as validated configuration: the profiles, the
form definitions with their conditional rules and validators, the conversion of answers, the workflows and
reason codes, and the reference data (ISIC activities).

May import: core.
"""
