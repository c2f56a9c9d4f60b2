"""Date and time formats that differ from Django's for a language (FORMAT_MODULE_PATH).

Only English is changed: "3 Dec 2026" reads the same on both sides of the Atlantic, where
Django's "Dec. 3, 2026" does not. Spanish and French keep Django's formats ("3 de diciembre de
2026", "3 décembre 2026"). Templates name a format (`|date:"DATE_FORMAT"`), never write one.
"""
