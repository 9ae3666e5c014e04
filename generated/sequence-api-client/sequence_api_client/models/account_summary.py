from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_type import AccountType, check_account_type
from ..models.external_account_type import ExternalAccountType, check_external_account_type

T = TypeVar("T", bound="AccountSummary")


@_attrs_define
class AccountSummary:
    """An account as listed, without account details or balance."""

    id: str
    """ The account ID. """
    name: str
    """ The account's display name. """
    type_: AccountType
    """ The kind of account. """
    description: None | str
    """ A free-text description, or null. """
    external_account_type: ExternalAccountType | None
    """ For external accounts, ASSET or LIABILITY; null for income sources and pods. """
    beneficiary_name: None | str
    """ The name of the account holder, or null. """
    institution_name: None | str
    """ The bank or card issuer holding the account, or null. """
    can_be_source: bool
    """ Whether money can be moved out of this account. """
    can_be_destination: bool
    """ Whether money can be moved into this account. """
    created_at: datetime.datetime
    """ When the account was created (UTC). """
    updated_at: datetime.datetime
    """ When the account was last updated (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        type_: str = self.type_

        description: None | str
        description = self.description

        external_account_type: None | str
        if isinstance(self.external_account_type, str):
            external_account_type = self.external_account_type
        else:
            external_account_type = self.external_account_type

        beneficiary_name: None | str
        beneficiary_name = self.beneficiary_name

        institution_name: None | str
        institution_name = self.institution_name

        can_be_source = self.can_be_source

        can_be_destination = self.can_be_destination

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        updated_at = self.updated_at.isoformat().replace("+00:00", "Z")

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "type": type_,
                "description": description,
                "external_account_type": external_account_type,
                "beneficiary_name": beneficiary_name,
                "institution_name": institution_name,
                "can_be_source": can_be_source,
                "can_be_destination": can_be_destination,
                "created_at": created_at,
                "updated_at": updated_at,
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

        name = d.pop("name")

        type_ = check_account_type(d.pop("type"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_external_account_type(data: object) -> ExternalAccountType | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                external_account_type_type_0 = check_external_account_type(data)

                return external_account_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExternalAccountType | None, data)

        external_account_type = _parse_external_account_type(d.pop("external_account_type"))

        def _parse_beneficiary_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        beneficiary_name = _parse_beneficiary_name(d.pop("beneficiary_name"))

        def _parse_institution_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        institution_name = _parse_institution_name(d.pop("institution_name"))

        can_be_source = d.pop("can_be_source")

        can_be_destination = d.pop("can_be_destination")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        account_summary = cls(
            id=id,
            name=name,
            type_=type_,
            description=description,
            external_account_type=external_account_type,
            beneficiary_name=beneficiary_name,
            institution_name=institution_name,
            can_be_source=can_be_source,
            can_be_destination=can_be_destination,
            created_at=created_at,
            updated_at=updated_at,
        )

        account_summary.additional_properties = d
        return account_summary

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
