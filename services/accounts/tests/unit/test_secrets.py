"""SIP and trunk secrets: Fernet encryption with key rotation (ACC-16, NUM-04)."""

import pytest
from cryptography.fernet import Fernet

from accounts.secrets import SecretsNotConfigured, box_from_settings, new_password, new_pin


def test_rotation_reads_old_tokens_and_rewrites_them_with_the_new_key() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = box_from_settings({"SECRETS_KEY": old}).encrypt("Clear-Secret")
    rotated_box = box_from_settings({"SECRETS_KEY": new, "SECRETS_PREVIOUS_KEYS": f" {old} ,"})
    assert rotated_box.decrypt(token) == "Clear-Secret"
    rotated = rotated_box.rotate(token)
    assert box_from_settings({"SECRETS_KEY": new}).decrypt(rotated) == "Clear-Secret"
    with pytest.raises(SecretsNotConfigured):
        box_from_settings({"SECRETS_KEY": new}).decrypt(token)
    assert old not in repr(rotated_box) and "Clear-Secret" not in token


def test_missing_or_malformed_key() -> None:
    with pytest.raises(SecretsNotConfigured):
        box_from_settings({}).encrypt("x")
    with pytest.raises(SecretsNotConfigured):
        box_from_settings({"SECRETS_KEY": "not-a-fernet-key"})


def test_generated_secrets() -> None:
    assert len(new_password()) == 16 and new_password() != new_password()
    assert new_pin().isdigit() and len(new_pin()) == 6
