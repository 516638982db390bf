"""The registration wizard of the draft held in this browser: answers, steps, documents, review, submission,
one state assembled from its concerns (state/wizard/steps.py, documents.py, activities.py)."""

from __future__ import annotations

import reflex as rx

from state.wizard.activities import ActivityPickerMixin
from state.wizard.documents import DocumentsMixin
from state.wizard.steps import StepsMixin


class WizardState(StepsMixin, DocumentsMixin, ActivityPickerMixin, rx.State):
    pass
