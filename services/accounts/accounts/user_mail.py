"""E-mail to users of an enterprise (ACC-12, ACC-13, ACC-16, ACC-17), in the user's language.

No secret is ever mailed: "access codes" are the user number and the account name, with a single-use link to
choose a password (the same links as "Forgot?", ACC-05). Only a hash of a link's token is stored.
"""

from __future__ import annotations

import secrets
from email.message import EmailMessage
from typing import Any

from accounts.credentials import token_hash
from accounts.mail import Mailer
from accounts.storage import AccountsStore

ACTIVATION_LINK_SECONDS = 7 * 24 * 3600
ACCESS_LINK_SECONDS = 24 * 3600

SUBJECTS = {
    "welcome": {"fr": "Bienvenue : activez votre compte Relais", "en": "Welcome: activate your Relais account"},
    "access_codes": {"fr": "Vos codes d'accès Relais", "en": "Your Relais access codes"},
    "deleted_company": {
        "fr": "Votre compte a été retiré de la compagnie",
        "en": "Your account was removed from the company",
    },
    "deleted_system": {"fr": "Votre compte Relais a été supprimé", "en": "Your Relais account was deleted"},
    "expiry": {"fr": "Votre compte Relais expire bientôt", "en": "Your Relais account expires soon"},
}
BODIES = {
    "welcome": {
        "fr": (
            "Bonjour {name},\n\n{company} vous a créé un compte Relais.\n\n"
            "Numéro d'usager : {user_number}\nNom d'usager : {identifier}\n{phone}\n"
            "Pour activer votre compte, choisissez votre mot de passe en ouvrant ce lien dans les {days} jours :\n\n"
            "{link}\n\nCe lien ne sert qu'une fois. Choisissez ensuite votre NIP de messagerie vocale dans le portail."
            "\n\nRelais"
        ),
        "en": (
            "Hello {name},\n\n{company} created a Relais account for you.\n\n"
            "User number: {user_number}\nAccount name: {identifier}\n{phone}\n"
            "To activate your account, choose your password by opening this link within {days} days:\n\n"
            "{link}\n\nThe link works once. Then choose your voicemail PIN in the portal.\n\nRelais"
        ),
    },
    "access_codes": {
        "fr": (
            "Bonjour {name},\n\nVoici vos codes d'accès Relais.\n\nNuméro d'usager : {user_number}\n"
            "Nom d'usager : {identifier}\n{phone}\n"
            "Votre mot de passe n'est jamais envoyé par courriel. Pour en choisir un nouveau, ouvrez ce lien dans les "
            "{hours} heures :\n\n{link}\n\nRelais"
        ),
        "en": (
            "Hello {name},\n\nHere are your Relais access codes.\n\nUser number: {user_number}\n"
            "Account name: {identifier}\n{phone}\n"
            "Your password is never sent by e-mail. To choose a new one, open this link within {hours} hours:\n\n"
            "{link}\n\nRelais"
        ),
    },
    "deleted_company": {
        "fr": (
            "Bonjour {name},\n\nVotre compte (numéro d'usager {user_number}) ne fait plus partie de {company}. "
            "Vous pouvez continuer à utiliser Relais en tant qu'usager libre.\n\nRelais"
        ),
        "en": (
            "Hello {name},\n\nYour account (user number {user_number}) is no longer part of {company}. "
            "You can go on using Relais as a free user.\n\nRelais"
        ),
    },
    "deleted_system": {
        "fr": "Bonjour {name},\n\nVotre compte Relais (numéro d'usager {user_number}) a été supprimé.\n\nRelais",
        "en": "Hello {name},\n\nYour Relais account (user number {user_number}) was deleted.\n\nRelais",
    },
    "expiry": {
        "fr": (
            "Bonjour {name},\n\nVotre compte Relais (numéro d'usager {user_number}) expire le {date}. Après cette date,"
            " vous ne pourrez plus utiliser le service. Communiquez avec votre administrateur pour le prolonger."
            "\n\nRelais"
        ),
        "en": (
            "Hello {name},\n\nYour Relais account (user number {user_number}) expires on {date}. After that date you "
            "will no longer be able to use the service. Ask your administrator to extend it.\n\nRelais"
        ),
    },
}
PHONE_LINE = {
    "fr": "Extension : {extension}\nNuméro direct : {dids}\n",
    "en": "Extension: {extension}\nDirect number: {dids}\n",
}


def _language(user: dict[str, Any]) -> str:
    return str(user.get("language")) if user.get("language") in ("fr", "en") else "fr"


def _phone(user: dict[str, Any], language: str) -> str:
    if not user.get("extension") and not user.get("dids"):
        return ""
    return PHONE_LINE[language].format(extension=user.get("extension") or "—", dids=user.get("dids") or "—")


def message(kind: str, to: str, user: dict[str, Any], **values: Any) -> EmailMessage:
    language = _language(user)
    mail = EmailMessage()
    mail["To"] = to
    mail["Subject"] = SUBJECTS[kind][language]
    mail.set_content(
        BODIES[kind][language].format(
            name=user.get("display_name") or user.get("user_number"),
            user_number=user.get("user_number"),
            identifier=user.get("identifier"),
            phone=_phone(user, language),
            **values,
        )
    )
    return mail


def free_message(to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(body)
    return mail


def password_link(store: AccountsStore, user_id: Any, base_url: str, seconds: int) -> str:
    """A single-use link to choose a password; only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    store.add_password_reset(token_hash(token), user_id, seconds)
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}token={token}"


EXPIRY_WARNING_DAYS = 14


def warn_expiring_accounts(store: AccountsStore, mailer: Mailer, within_days: int = EXPIRY_WARNING_DAYS) -> int:
    """E-mails each user whose account expires within ``within_days``, once per expiry date (ACC-16)."""
    warned = 0
    for user in store.accounts_expiring(within_days):
        mail = message("expiry", user["email"], user, date=user["account_expires_on"].isoformat())
        store.mark_expiry_warned(user["id"], user["account_expires_on"])
        store.tx.on_commit(lambda mail=mail: mailer.send(mail))  # type: ignore[misc]
        warned += 1
    return warned
