"""Right of access (inzage, AVG art. 15): who opened a pupil's file, and the access request with
its answer (everything held on the pupil as one PDF plus a ZIP of the attachments)."""
