"""Django's own messages that people here read most, with better Vietnamese than the
stock catalogue gives ("Enter a whole number." is not "Nhập một số tổng thể.").

Listing them here puts them in locale/vi/LC_MESSAGES/django.po, whose translations
take precedence over Django's (LOCALE_PATHS comes first).
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    # New in Django 6.1, not yet in its Vietnamese catalogue: every empty select shows it.
    gettext_noop("- Select an option -"),
]
