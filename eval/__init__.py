"""Offline evaluation: hand-written gold set and pure metric functions."""
