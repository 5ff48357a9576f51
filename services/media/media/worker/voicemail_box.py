"""A line's own voicemail box by phone (MED-04), the ``voicemail_box`` plan routing answers for ``*98``.

The caller enters their PIN and '#' (accounts checks it and counts failures towards the account's lockout);
``pin_attempts`` wrong PINs, or a locked account, end the call. Then they hear how many messages they have and
the box menu: 1 plays the current message (it is then heard), 7 deletes it, 9 goes to the next one. Silence for
``MENU_SECONDS`` after a prompt, or no message left, says goodbye and hangs up.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media.worker.voicemail_sink import StoredMessage

if TYPE_CHECKING:
    from media.worker.session import Session

log = logging.getLogger(__name__)

MAX_PIN_DIGITS = 10
MENU_SECONDS = 10.0

_COUNT = {
    "fr": ("Vous n'avez aucun message.", "Vous avez un message.", "Vous avez {n} messages."),
    "en": ("You have no messages.", "You have one message.", "You have {n} messages."),
}


def count_sentence(count: int, language: str) -> str:
    none, one, many = _COUNT.get(language, _COUNT["en"])
    return none if count == 0 else one if count == 1 else many.format(n=count)


@dataclass
class BoxVisit:
    session: Session
    user_id: str
    language: str
    pin_attempts: int
    stage: str = "pin"  # pin | menu | leaving
    digits: str = ""
    failures: int = 0
    messages: list[StoredMessage] = field(default_factory=list)
    index: int = 0
    wait_until: float | None = None

    # ----- what the session hands over --------------------------------------------------------------------------
    def start(self) -> None:
        self.session._answer()
        self._ask_pin(first=True)

    def on_digit(self, digit: str) -> None:
        if self.stage == "pin":
            self.session._stop_audio()
            if digit == "#" or len(self.digits) + 1 >= MAX_PIN_DIGITS:
                self.digits += "" if digit == "#" else digit
                self._check_pin()
            elif digit.isdigit():
                self.digits += digit
                self.wait_until = time.monotonic() + MENU_SECONDS
        elif self.stage == "menu":
            self.session._stop_audio()
            self._menu_key(digit)

    def on_tick(self, now: float) -> None:
        if self.stage == "leaving" or self.wait_until is None:
            return
        if now >= max(self.wait_until, self.session.player_until + MENU_SECONDS):
            self.wait_until = None
            if self.stage == "pin":
                self._check_pin()
            else:
                self._leave([], "answered")

    # ----- the PIN ----------------------------------------------------------------------------------------------
    def _ask_pin(self, first: bool) -> None:
        self.stage, self.digits = "pin", ""
        names = ["enter_pin"] if first else ["invalid_pin", "enter_pin"]
        self._say([self._prompt(name) for name in names])

    def _check_pin(self) -> None:
        self.wait_until = None
        entered, self.digits = self.digits, ""
        answer = self.session.worker.pins.check(self.user_id, entered) if entered else None
        if answer is not None and answer.ok:
            self._open_box()
            return
        self.failures += 1
        locked = answer is not None and answer.locked
        reachable = answer is None or answer.reachable
        log.info(
            "call %s: voicemail box of %s: wrong PIN %d/%d%s",
            self.session.leg.call_id,
            self.user_id,
            self.failures,
            self.pin_attempts,
            " (account locked)" if locked else "" if reachable else " (accounts unreachable)",
        )
        if locked or not reachable or self.failures >= self.pin_attempts:
            self._leave([self._prompt("invalid_pin")], "refused")
        else:
            self._ask_pin(first=False)

    # ----- the box ----------------------------------------------------------------------------------------------
    def _open_box(self) -> None:
        self.messages = self.session.worker.mailbox_by_phone.messages(self.user_id)
        self.index = 0
        sentence = count_sentence(len(self.messages), self.language)
        log.info("call %s: voicemail box of %s opened: %s", self.session.leg.call_id, self.user_id, sentence)
        spoken = self.session.worker.prompts.spoken(sentence, self.language)
        if not self.messages:
            self._leave([spoken], "answered")
            return
        self.stage = "menu"
        self._say([spoken, self._prompt("mailbox_menu")])

    def _menu_key(self, digit: str) -> None:
        box = self.session.worker.mailbox_by_phone
        current = self.messages[self.index]
        call_id = self.session.leg.call_id
        if digit == "1":
            log.info("call %s: playing voicemail message %s", call_id, current.id)
            box.mark_heard(self.user_id, current.id)
            self._say([current.path, self._prompt("mailbox_menu")])
        elif digit == "7":
            box.delete(self.user_id, current.id)
            log.info("call %s: voicemail message %s deleted", call_id, current.id)
            self.messages.pop(self.index)
            self._next_or_leave([self._prompt("message_deleted")])
        elif digit == "9":
            self.index += 1
            self._next_or_leave([])
        else:
            self._say([self._prompt("invalid_option"), self._prompt("mailbox_menu")])

    def _next_or_leave(self, before: list[Path]) -> None:
        if self.index >= len(self.messages):
            self._leave([*before, self.session.worker.prompts.spoken(count_sentence(0, self.language), self.language)])
        else:
            self._say([*before, self._prompt("mailbox_menu")])

    def _leave(self, before: list[Path], disposition: str = "answered") -> None:
        self.stage, self.wait_until = "leaving", None
        self.session.ended_disposition = disposition
        self.session._play_sequence([*before, self._prompt("goodbye")])
        self.session.after_prompt = "hang_up"

    # ----- helpers ----------------------------------------------------------------------------------------------
    def _prompt(self, name: str) -> Path:
        return self.session.worker.prompts.path(name, self.language)

    def _say(self, paths: list[Any]) -> None:
        self.session._play_sequence(paths)
        self.wait_until = time.monotonic() + MENU_SECONDS
