"""Edge validation keeps message ids and parameters so the portal can translate them."""

import pytest
from marshmallow import Schema, fields, validate

from relais_kit.errors import ValidationFailed
from relais_kit.validation import Msg, Text, flatten, load


class Sample(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=5, error=Msg("Between {min} and {max} characters.")))
    email = fields.Email()
    kind = fields.String(validate=validate.OneOf(["a", "b"], error=Msg("Must be one of: {choices}.")))


def test_msg_survives_marshmallow_formatting() -> None:
    with pytest.raises(ValidationFailed) as caught:
        load(Sample(), {"name": "toolong"})
    assert caught.value.field_errors == {
        "name": [{"msgid": "Between {min} and {max} characters.", "params": {"min": 1, "max": 5}}]
    }


def test_blank_text_is_empty() -> None:
    with pytest.raises(ValidationFailed) as caught:
        load(Sample(), {"name": "   "})
    assert list(caught.value.field_errors) == ["name"]


def test_every_bad_field_is_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        load(Sample(), {"email": "nope", "kind": "c", "extra": 1})
    errors = caught.value.field_errors
    assert set(errors) == {"name", "email", "kind", "extra"}
    assert errors["name"][0]["msgid"] == "Missing data for required field."
    assert errors["kind"] == [{"msgid": "Must be one of: {choices}.", "params": {"choices": "a, b"}}]


def test_non_object_payload_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        load(Sample(), ["not", "an", "object"])
    assert caught.value.field_errors["_schema"][0]["msgid"] == "Expected an object."


def test_flatten_nested_messages() -> None:
    assert flatten({"a": {"b": ["bad"]}}) == {"a.b": [{"msgid": "bad", "params": {}}]}


def test_valid_input_loads() -> None:
    assert load(Sample(), {"name": " Ab ", "kind": "a"}) == {"name": "Ab", "kind": "a"}
