"""Reflex state classes: who is acting, which service to call, what the page shows. No SQL here."""
