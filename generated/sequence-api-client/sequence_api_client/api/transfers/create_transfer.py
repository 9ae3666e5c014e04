from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_transfer_request import CreateTransferRequest
from ...models.error_response import ErrorResponse
from ...models.transfer_response import TransferResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateTransferRequest,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/transfers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TransferResponse | None:
    if response.status_code == 202:
        response_202 = TransferResponse.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | TransferResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTransferRequest,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TransferResponse]:
    """Create a manual transfer

     Moves money between two accounts of the organization. Allowed only where one of the token's
    MANUAL_TRANSFER entries has this source and target and the amount is within its max_amount (403
    `forbidden` or `maximum_amount_exceeded` otherwise). The transfer is created as `processing` and
    settles asynchronously; poll GET /transfers/{id}.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTransferRequest): A manual transfer to make.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TransferResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateTransferRequest,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TransferResponse | None:
    """Create a manual transfer

     Moves money between two accounts of the organization. Allowed only where one of the token's
    MANUAL_TRANSFER entries has this source and target and the amount is within its max_amount (403
    `forbidden` or `maximum_amount_exceeded` otherwise). The transfer is created as `processing` and
    settles asynchronously; poll GET /transfers/{id}.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTransferRequest): A manual transfer to make.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TransferResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTransferRequest,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TransferResponse]:
    """Create a manual transfer

     Moves money between two accounts of the organization. Allowed only where one of the token's
    MANUAL_TRANSFER entries has this source and target and the amount is within its max_amount (403
    `forbidden` or `maximum_amount_exceeded` otherwise). The transfer is created as `processing` and
    settles asynchronously; poll GET /transfers/{id}.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTransferRequest): A manual transfer to make.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TransferResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateTransferRequest,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TransferResponse | None:
    """Create a manual transfer

     Moves money between two accounts of the organization. Allowed only where one of the token's
    MANUAL_TRANSFER entries has this source and target and the amount is within its max_amount (403
    `forbidden` or `maximum_amount_exceeded` otherwise). The transfer is created as `processing` and
    settles asynchronously; poll GET /transfers/{id}.

    Args:
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (CreateTransferRequest): A manual transfer to make.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TransferResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
