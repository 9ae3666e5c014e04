from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTransferRequest")


@_attrs_define
class CreateTransferRequest:
    """A manual transfer to make."""

    source_account_id: str
    """ The account to move money from; it must allow being a source. """
    destination_account_id: str
    """ The account to move money to; it must allow being a destination. """
    amount_in_cents: int
    """ The amount to move, in cents; at least 100. """
    description: str | Unset = UNSET
    """ A free-text description, up to 140 characters. """

    def to_dict(self) -> dict[str, Any]:
        source_account_id = self.source_account_id

        destination_account_id = self.destination_account_id

        amount_in_cents = self.amount_in_cents

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source_account_id": source_account_id,
                "destination_account_id": destination_account_id,
                "amount_in_cents": amount_in_cents,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_account_id = d.pop("source_account_id")

        destination_account_id = d.pop("destination_account_id")

        amount_in_cents = d.pop("amount_in_cents")

        description = d.pop("description", UNSET)

        create_transfer_request = cls(
            source_account_id=source_account_id,
            destination_account_id=destination_account_id,
            amount_in_cents=amount_in_cents,
            description=description,
        )

        return create_transfer_request
