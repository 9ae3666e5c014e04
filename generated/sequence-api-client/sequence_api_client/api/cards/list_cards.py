from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.card_list_response import CardListResponse
from ...models.card_status import CardStatus
from ...models.card_type import CardType
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    account_id: str,
    status: CardStatus | Unset = UNSET,
    type_: CardType | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    params: dict[str, Any] = {}

    params["account_id"] = account_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_

    params["type"] = json_type_

    params["first"] = first

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/cards",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CardListResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CardListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CardListResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    account_id: str,
    status: CardStatus | Unset = UNSET,
    type_: CardType | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[CardListResponse | ErrorResponse]:
    """List cards

     Coming Soon — This endpoint is planned for a future release and is not yet available. Lists the
    cards linked to one account, oldest first. The `account_id` filter is required and must be present
    in the token's READ_CARDS resources.

    Args:
        account_id (str):
        status (CardStatus | Unset): Whether the card can be used.
        type_ (CardType | Unset): Whether the card is virtual or physical.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CardListResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        status=status,
        type_=type_,
        first=first,
        after=after,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    account_id: str,
    status: CardStatus | Unset = UNSET,
    type_: CardType | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> CardListResponse | ErrorResponse | None:
    """List cards

     Coming Soon — This endpoint is planned for a future release and is not yet available. Lists the
    cards linked to one account, oldest first. The `account_id` filter is required and must be present
    in the token's READ_CARDS resources.

    Args:
        account_id (str):
        status (CardStatus | Unset): Whether the card can be used.
        type_ (CardType | Unset): Whether the card is virtual or physical.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CardListResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        account_id=account_id,
        status=status,
        type_=type_,
        first=first,
        after=after,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    account_id: str,
    status: CardStatus | Unset = UNSET,
    type_: CardType | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[CardListResponse | ErrorResponse]:
    """List cards

     Coming Soon — This endpoint is planned for a future release and is not yet available. Lists the
    cards linked to one account, oldest first. The `account_id` filter is required and must be present
    in the token's READ_CARDS resources.

    Args:
        account_id (str):
        status (CardStatus | Unset): Whether the card can be used.
        type_ (CardType | Unset): Whether the card is virtual or physical.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CardListResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        status=status,
        type_=type_,
        first=first,
        after=after,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    account_id: str,
    status: CardStatus | Unset = UNSET,
    type_: CardType | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> CardListResponse | ErrorResponse | None:
    """List cards

     Coming Soon — This endpoint is planned for a future release and is not yet available. Lists the
    cards linked to one account, oldest first. The `account_id` filter is required and must be present
    in the token's READ_CARDS resources.

    Args:
        account_id (str):
        status (CardStatus | Unset): Whether the card can be used.
        type_ (CardType | Unset): Whether the card is virtual or physical.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CardListResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            account_id=account_id,
            status=status,
            type_=type_,
            first=first,
            after=after,
            x_request_id=x_request_id,
        )
    ).parsed
