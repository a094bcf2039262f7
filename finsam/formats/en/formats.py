# The English interface shows figures exactly as the plan and its tables do (finsam/money.py
# formats every amount and percentage the Swedish way whatever the language): ISO dates, decimal
# comma, non-breaking space between thousands. Django's own localisation (a localized form
# field such as a budget line's split percentage) must agree, or one page would show "12.50"
# beside "1 966 000 kr" and "13,9 %". A decimal point typed in English is still accepted.
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
