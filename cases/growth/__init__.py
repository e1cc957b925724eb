"""The groeidocument: needs, factors, goals with HGW evaluations, the OPP and its change history."""
