"""E-mail from accounts over SMTP, in the user's language (ACC-05, ACC-27). Never a secret in clear."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

from nameko import config
from nameko.extensions import DependencyProvider

from relais_kit.config import section

log = logging.getLogger(__name__)

RESET_SUBJECT = {"fr": "Réinitialiser votre mot de passe Relais", "en": "Reset your Relais password"}
RESET_BODY = {
    "fr": (
        "Bonjour {name},\n\nQuelqu'un (vous, nous l'espérons) a demandé à réinitialiser le mot de passe du compte "
        "{identifier}.\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les {minutes} minutes :\n\n{link}\n\n"
        "Ce lien ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce courriel : votre mot de passe ne "
        "change pas.\n\nRelais"
    ),
    "en": (
        "Hello {name},\n\nSomeone (you, we hope) asked to reset the password of the account {identifier}.\n"
        "To choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n"
        "The link works once. If you did not ask, ignore this e-mail: your password stays as it is.\n\nRelais"
    ),
}


def password_reset_message(user: dict[str, Any], link: str, minutes: int) -> EmailMessage:
    language = user["language"] if user["language"] in RESET_BODY else "fr"
    message = EmailMessage()
    message["To"] = user["email"]
    message["Subject"] = RESET_SUBJECT[language]
    message.set_content(
        RESET_BODY[language].format(
            name=user["display_name"], identifier=user["identifier"], link=link, minutes=minutes
        )
    )
    return message


class Mailer:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.host = str(settings.get("SMTP_HOST", "127.0.0.1"))
        self.port = int(settings.get("SMTP_PORT", 25))
        self.sender = str(settings.get("MAIL_FROM", "Relais <no-reply@relais.example>"))
        self.username = settings.get("SMTP_USERNAME") or None
        self.password = settings.get("SMTP_PASSWORD") or None
        self.starttls = str(settings.get("SMTP_STARTTLS", "false")).lower() in ("1", "true", "yes")

    def send(self, message: EmailMessage) -> None:
        message["From"] = self.sender
        try:
            with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username and self.password:
                    smtp.login(str(self.username), str(self.password))
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # The link stays valid; the user can ask again. The message itself is never logged (it holds a token).
            log.error("could not send e-mail to the SMTP server %s:%s: %s", self.host, self.port, exc)


class MailSender(DependencyProvider):
    def setup(self) -> None:
        self.mailer = Mailer(section(config, "accounts"))

    def get_dependency(self, worker_ctx: Any) -> Mailer:
        return self.mailer
