"""Pupils, their enrolment in a group and their guardians (ouders/verzorgers, gezag)."""
