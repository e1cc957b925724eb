"""Nothing of the meetings app is registered in the Django admin: agenda items, minutes and
actions carry pupil and case data, which never goes into the admin
(tests/core/test_admin.py asserts it)."""
