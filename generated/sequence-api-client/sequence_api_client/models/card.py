from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.card_status import CardStatus, check_card_status
from ..models.card_type import CardType, check_card_type

T = TypeVar("T", bound="Card")


@_attrs_define
class Card:
    """A card linked to an account."""

    id: str
    """ The card ID. """
    type_: CardType
    """ Whether the card is virtual or physical. """
    status: CardStatus
    """ Whether the card can be used. """
    last_four: str
    """ The last four digits of the card number; the full number is never returned. """
    holder_name: str
    """ The name on the card. """
    expiration_date: str
    """ The expiry month and year, `MM/YY`. """
    account_id: str
    """ The account the card draws on; READ_CARDS is checked against it. """
    created_at: datetime.datetime
    """ When the card was created (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str = self.type_

        status: str = self.status

        last_four = self.last_four

        holder_name = self.holder_name

        expiration_date = self.expiration_date

        account_id = self.account_id

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "status": status,
                "last_four": last_four,
                "holder_name": holder_name,
                "expiration_date": expiration_date,
                "account_id": account_id,
                "created_at": created_at,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = check_card_type(d.pop("type"))

        status = check_card_status(d.pop("status"))

        last_four = d.pop("last_four")

        holder_name = d.pop("holder_name")

        expiration_date = d.pop("expiration_date")

        account_id = d.pop("account_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        card = cls(
            id=id,
            type_=type_,
            status=status,
            last_four=last_four,
            holder_name=holder_name,
            expiration_date=expiration_date,
            account_id=account_id,
            created_at=created_at,
        )

        card.additional_properties = d
        return card

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
