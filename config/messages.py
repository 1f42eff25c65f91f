"""Django's own messages that people here read most, with better Vietnamese than the
stock catalogue gives ("Enter a whole number." is not "Nhập một số tổng thể.").

Listing them here puts them in locale/vi/LC_MESSAGES/django.po, whose translations
take precedence over Django's (LOCALE_PATHS comes first).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDDEN = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    # New in Django 6.1, not yet in its Vietnamese catalogue: every empty select shows it.
    gettext_noop("- Select an option -"),
    # Not in Django's Vietnamese catalogue: a NUL pasted into any field, a short name in
    # addresses typed by hand, a form of lines sent garbled or forged.
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
]
