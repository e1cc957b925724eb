"""The intake (zorgformulier) by which a pupil is registered for the OT."""
