from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .._runtime._open import UnknownVariant

if TYPE_CHECKING:
    from ..models.any_condition import AnyCondition
    from ..models.single_condition import SingleCondition


T = TypeVar("T", bound="AllCondition")


@_attrs_define
class AllCondition:
    """A chainable condition that holds when all of its members hold."""

    all_: list[AllCondition | AnyCondition | SingleCondition | UnknownVariant]
    """ The members, nesting allowed. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.any_condition import AnyCondition  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415

        all_ = []
        for all_item_data in self.all_:
            all_item: dict[str, Any]
            if isinstance(all_item_data, UnknownVariant):
                all_item = all_item_data.to_dict()
            elif isinstance(all_item_data, SingleCondition):
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

            def _parse_all_item(data: object) -> AllCondition | AnyCondition | SingleCondition | UnknownVariant:
                if not isinstance(data, dict):
                    raise TypeError(f"all_item: expected an object, got {type(data).__name__}")
                try:
                    return SingleCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    return AnyCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    return AllCondition.from_dict(data)
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return UnknownVariant(data)

            all_item = _parse_all_item(all_item_data)

            all_.append(all_item)

        all_condition = cls(
            all_=all_,
        )

        return all_condition
