"""The case file: the case, its status and care level, regie, timeline, notes, interventions, attachments."""
