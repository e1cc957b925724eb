"""Parental consent (toestemming) and the case grants it gives professionals from outside the school."""
