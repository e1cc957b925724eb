"""Parents and pupils take part: invitations by link and code, their consent, view and OPP agreement."""
