from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.any_condition import AnyCondition
    from ..models.single_condition import SingleCondition


T = TypeVar("T", bound="AllCondition")


@_attrs_define
class AllCondition:
    """A chainable condition that holds when all of its members hold."""

    all_: list[AllCondition | AnyCondition | SingleCondition]
    """ The members, nesting allowed. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.any_condition import AnyCondition  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415

        all_ = []
        for all_item_data in self.all_:
            all_item: dict[str, Any]
            if isinstance(all_item_data, SingleCondition):
                all_item = all_item_data.to_dict()
            elif isinstance(all_item_data, AnyCondition):
                all_item = all_item_data.to_dict()
            else:
                all_item = all_item_data.to_dict()

            all_.append(all_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "all": all_,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.any_condition import AnyCondition  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415

        d = dict(src_dict)
        all_ = []
        _all_ = d.pop("all")
        for all_item_data in _all_:

            def _parse_all_item(data: object) -> AllCondition | AnyCondition | SingleCondition:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_chainable_condition_type_0 = SingleCondition.from_dict(data)

                    return componentsschemas_chainable_condition_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_chainable_condition_type_1 = AnyCondition.from_dict(data)

                    return componentsschemas_chainable_condition_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_chainable_condition_type_2 = AllCondition.from_dict(data)

                return componentsschemas_chainable_condition_type_2

            all_item = _parse_all_item(all_item_data)

            all_.append(all_item)

        all_condition = cls(
            all_=all_,
        )

        return all_condition
