"""Voicemail (MED-04): mailboxes with their limits and greeting, the message store the media workers write to
(``save_message``), the portal's list/listen/download/delete, and the new-message e-mail with the audio."""

from media.voicemail.messages import MailboxFull, mailbox_for_call, save_message

__all__ = ["MailboxFull", "mailbox_for_call", "save_message"]
