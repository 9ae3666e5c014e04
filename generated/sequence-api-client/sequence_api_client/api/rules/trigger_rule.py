from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.trigger_rule_request import TriggerRuleRequest
from ...models.trigger_rule_response import TriggerRuleResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: TriggerRuleRequest | Unset = UNSET,
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
        "url": "/rules/{id}/trigger".format(
            id=quote(str(id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TriggerRuleResponse | None:
    if response.status_code == 202:
        response_202 = TriggerRuleResponse.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[ErrorResponse | TriggerRuleResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerRuleRequest | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TriggerRuleResponse]:
    """Trigger a rule

     Starts a run of the rule and returns the new execution's ID to poll with GET /rule-executions/{id}.
    The rule ID must be present in the token's TRIGGER_RULES resources; a disabled rule answers 403
    `rule_deactivated`. `manual_execute_amount` applies to rules with a manual trigger only.

    Args:
        id (str):
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerRuleRequest | Unset): Options for a rule run.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TriggerRuleResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerRuleRequest | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TriggerRuleResponse | None:
    """Trigger a rule

     Starts a run of the rule and returns the new execution's ID to poll with GET /rule-executions/{id}.
    The rule ID must be present in the token's TRIGGER_RULES resources; a disabled rule answers 403
    `rule_deactivated`. `manual_execute_amount` applies to rules with a manual trigger only.

    Args:
        id (str):
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerRuleRequest | Unset): Options for a rule run.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TriggerRuleResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerRuleRequest | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TriggerRuleResponse]:
    """Trigger a rule

     Starts a run of the rule and returns the new execution's ID to poll with GET /rule-executions/{id}.
    The rule ID must be present in the token's TRIGGER_RULES resources; a disabled rule answers 403
    `rule_deactivated`. `manual_execute_amount` applies to rules with a manual trigger only.

    Args:
        id (str):
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerRuleRequest | Unset): Options for a rule run.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TriggerRuleResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_request_id=x_request_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TriggerRuleRequest | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TriggerRuleResponse | None:
    """Trigger a rule

     Starts a run of the rule and returns the new execution's ID to poll with GET /rule-executions/{id}.
    The rule ID must be present in the token's TRIGGER_RULES resources; a disabled rule answers 403
    `rule_deactivated`. `manual_execute_amount` applies to rules with a manual trigger only.

    Args:
        id (str):
        x_request_id (str | Unset):
        idempotency_key (str | Unset):
        body (TriggerRuleRequest | Unset): Options for a rule run.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TriggerRuleResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            x_request_id=x_request_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
