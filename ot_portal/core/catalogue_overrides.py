"""Texts of Django and django-allauth that the portal translates itself.

The project catalogue (locale/, first in LOCALE_PATHS) wins over the catalogues of installed
packages, so an entry there replaces theirs. `makemessages` keeps only the msgids it finds in our
own source, hence this module: it lists each overridden msgid exactly as the package writes it.
Nothing imports it at run time; tests/i18n/test_voice.py checks that each override is in force.

- Django's abbreviated month names, used by the prose date style ("1 dec. 2026",
  ot_portal/core/formats.py): Django's Dutch has "dec" without the full stop.
- django-allauth's Dutch speaks to the user as "je/jij/jouw"; the portal says "u" everywhere. Only
  the texts of the screens and mails the portal uses are listed: sign-in and sign-out,
  re-authentication, password change and reset, two-factor sign-in (TOTP, recovery codes).
"""

from django.utils.translation import gettext_noop, pgettext_lazy

ABBREVIATED_MONTHS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)

ALLAUTH_TEXTS = (
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Use your password"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("You cannot add an email address to an account protected by two-factor authentication."),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled."),
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address."),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("You are receiving this mail because the following change was made to your account:"),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password reset code is listed below. Please enter it in your open browser window."),
    gettext_noop("Your password has been reset."),
    gettext_noop("Your password has been set."),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an account with email "
        "%(email)s. However, we do not have any record of such an account in our database."
    ),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully set."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us "
        "if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a "
        '<a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Enter your password:"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Your account is protected by two-factor authentication. Please enter an authenticator code:"),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("Are you sure?"),
    gettext_noop(
        "To protect your account with two-factor authentication, scan the QR code below with your authenticator "
        "app. Then, input the verification code generated by the app below."
    ),
    gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time."),
    gettext_noop("You are about to deactivate authenticator app based authentication. Are you sure?"),
    gettext_noop(
        "If you choose to trust this browser, you will not be asked for a verification code the next time you sign in."
    ),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password reset for your user "
        "account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset "
        "your password."
    ),
)
