"""Indonesian dates as facilitators write them: "5 Des 2026" (Django's own is "5 Des. 2026" for
DATE_FORMAT and "05-12-2026" for the short one; one form everywhere reads better). Numbers
keep Django's Indonesian separators: "0,96", "1.250"."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, G.i"
SHORT_DATETIME_FORMAT = "j M Y, G.i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
