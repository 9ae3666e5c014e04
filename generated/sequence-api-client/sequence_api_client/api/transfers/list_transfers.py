from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_transfers_account_role import ListTransfersAccountRole
from ...models.transfer_direction import TransferDirection
from ...models.transfer_list_response import TransferListResponse
from ...models.transfer_origin import TransferOrigin
from ...models.transfer_status import TransferStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    account_id: str,
    account_role: ListTransfersAccountRole | Unset = "either",
    direction: TransferDirection | Unset = UNSET,
    origin: TransferOrigin | Unset = UNSET,
    status: TransferStatus | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    params: dict[str, Any] = {}

    params["account_id"] = account_id

    json_account_role: str | Unset = UNSET
    if not isinstance(account_role, Unset):
        json_account_role = account_role

    params["account_role"] = json_account_role

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction

    params["direction"] = json_direction

    json_origin: str | Unset = UNSET
    if not isinstance(origin, Unset):
        json_origin = origin

    params["origin"] = json_origin

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["first"] = first

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/transfers",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TransferListResponse | None:
    if response.status_code == 200:
        response_200 = TransferListResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | TransferListResponse]:
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
    account_role: ListTransfersAccountRole | Unset = "either",
    direction: TransferDirection | Unset = UNSET,
    origin: TransferOrigin | Unset = UNSET,
    status: TransferStatus | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorResponse | TransferListResponse]:
    """List transfers

     Lists the transfers of one account, newest first; card transactions are excluded. The `account_id`
    filter is required and must be present in the token's READ_TRANSFERS resources.

    Args:
        account_id (str):
        account_role (ListTransfersAccountRole | Unset):  Default: 'either'.
        direction (TransferDirection | Unset): Whether money enters the organization, leaves it,
            or moves between its own accounts.
        origin (TransferOrigin | Unset): What started the transfer.
        status (TransferStatus | Unset): Where the transfer stands. `complete`, `incomplete`,
            `error` and `cancelled` are final.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TransferListResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        account_role=account_role,
        direction=direction,
        origin=origin,
        status=status,
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
    account_role: ListTransfersAccountRole | Unset = "either",
    direction: TransferDirection | Unset = UNSET,
    origin: TransferOrigin | Unset = UNSET,
    status: TransferStatus | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ErrorResponse | TransferListResponse | None:
    """List transfers

     Lists the transfers of one account, newest first; card transactions are excluded. The `account_id`
    filter is required and must be present in the token's READ_TRANSFERS resources.

    Args:
        account_id (str):
        account_role (ListTransfersAccountRole | Unset):  Default: 'either'.
        direction (TransferDirection | Unset): Whether money enters the organization, leaves it,
            or moves between its own accounts.
        origin (TransferOrigin | Unset): What started the transfer.
        status (TransferStatus | Unset): Where the transfer stands. `complete`, `incomplete`,
            `error` and `cancelled` are final.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TransferListResponse
    """

    return sync_detailed(
        client=client,
        account_id=account_id,
        account_role=account_role,
        direction=direction,
        origin=origin,
        status=status,
        first=first,
        after=after,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    account_id: str,
    account_role: ListTransfersAccountRole | Unset = "either",
    direction: TransferDirection | Unset = UNSET,
    origin: TransferOrigin | Unset = UNSET,
    status: TransferStatus | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorResponse | TransferListResponse]:
    """List transfers

     Lists the transfers of one account, newest first; card transactions are excluded. The `account_id`
    filter is required and must be present in the token's READ_TRANSFERS resources.

    Args:
        account_id (str):
        account_role (ListTransfersAccountRole | Unset):  Default: 'either'.
        direction (TransferDirection | Unset): Whether money enters the organization, leaves it,
            or moves between its own accounts.
        origin (TransferOrigin | Unset): What started the transfer.
        status (TransferStatus | Unset): Where the transfer stands. `complete`, `incomplete`,
            `error` and `cancelled` are final.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TransferListResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        account_role=account_role,
        direction=direction,
        origin=origin,
        status=status,
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
    account_role: ListTransfersAccountRole | Unset = "either",
    direction: TransferDirection | Unset = UNSET,
    origin: TransferOrigin | Unset = UNSET,
    status: TransferStatus | Unset = UNSET,
    first: int | Unset = 20,
    after: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ErrorResponse | TransferListResponse | None:
    """List transfers

     Lists the transfers of one account, newest first; card transactions are excluded. The `account_id`
    filter is required and must be present in the token's READ_TRANSFERS resources.

    Args:
        account_id (str):
        account_role (ListTransfersAccountRole | Unset):  Default: 'either'.
        direction (TransferDirection | Unset): Whether money enters the organization, leaves it,
            or moves between its own accounts.
        origin (TransferOrigin | Unset): What started the transfer.
        status (TransferStatus | Unset): Where the transfer stands. `complete`, `incomplete`,
            `error` and `cancelled` are final.
        first (int | Unset):  Default: 20.
        after (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TransferListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            account_id=account_id,
            account_role=account_role,
            direction=direction,
            origin=origin,
            status=status,
            first=first,
            after=after,
            x_request_id=x_request_id,
        )
    ).parsed
