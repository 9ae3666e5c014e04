"""The handlers, one per operation, on the store; the permission checks through the pipeline's Context."""

from __future__ import annotations

import json
from typing import Any

import sequence_api_models as models

from ..permissions import TransferRequest
from .errors import ApiError
from .paging import created_range, equal_filters
from .pipeline import Context, Handler, Sandbox, respond
from .store import account_summary, card_detail, card_transaction, rule_summary
from .transfers import create_transfer


async def list_accounts(s: Sandbox, c: Context) -> tuple[int, Any]:
    where, args = equal_filters("org_id = ?", [c.key.org_id], c.query, "type")
    return s.list_page(
        c, "accounts", where, args, newest_first=False, item=account_summary, model=models.AccountListResponse
    )


async def get_account(s: Sandbox, c: Context) -> tuple[int, Any]:
    account = c.authorize_then_load(s.store.account, "Account")
    return 200, respond(models.AccountResponse, {"data": account})


async def list_rules(s: Sandbox, c: Context) -> tuple[int, Any]:
    where, args = equal_filters("org_id = ?", [c.key.org_id], c.query, "source_id")
    return s.list_page(
        c,
        "rules",
        where,
        args,
        newest_first=False,
        item=lambda r: rule_summary(r, s.store.account_ref(r["source_id"])),
        model=models.RuleListResponse,
    )


async def get_rule(s: Sandbox, c: Context) -> tuple[int, Any]:
    rule = c.authorize_then_load(s.store.rule, "Rule")
    return 200, respond(models.RuleResponse, {"data": rule})


async def trigger_rule(s: Sandbox, c: Context) -> tuple[int, Any]:
    body = s.json_body(c, models.TriggerRuleRequest)
    rule = c.authorize_then_load(s.store.rule, "Rule")
    if rule["status"] != "enabled":
        raise ApiError(403, "rule_deactivated", f"Rule '{rule['id']}' is disabled.")
    amount = body.manual_execute_amount
    if amount is not None and rule["trigger"]["type"] != "manual":
        raise ApiError(400, "invalid_parameters", "manual_execute_amount applies to rules with a manual trigger only")
    from .engine import start_execution  # the rule engine needs the transfer machinery

    def effect() -> tuple[int, dict[str, Any]]:
        execution_id = start_execution(s.store, c.key.org_id, rule, amount, s.settings.settle_delay_seconds)
        return 202, respond(models.TriggerRuleResponse, {"data": {"execution_id": execution_id}})

    return s.idempotent(c, body.model_dump(mode="json"), effect)


async def list_rule_executions(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    where, args = equal_filters(
        "org_id = ? AND rule_id = ?", [c.key.org_id, c.query["rule_id"]], c.query, "status", "trigger_type"
    )
    extra, extra_args = created_range(c.query)
    return s.list_page(
        c,
        "rule_executions",
        where + extra,
        args + extra_args,
        newest_first=True,
        item=lambda r: dict(json.loads(r["body"])),
        model=models.RuleExecutionListResponse,
    )


async def get_rule_execution(s: Sandbox, c: Context) -> tuple[int, Any]:
    execution = c.load_then_authorize(s.store.execution, "Rule execution")
    return 200, respond(models.RuleExecutionResponse, {"data": execution})


async def list_transfers(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    account, role = c.query["account_id"], c.query["account_role"]
    where = {"source": "source_id = ?", "destination": "destination_id = ?"}.get(
        role, "(source_id = ? OR destination_id = ?)"
    )
    args: list[Any] = [c.key.org_id, account] + ([account] if role == "either" else [])
    where, args = equal_filters("org_id = ? AND " + where, args, c.query, "direction", "origin", "status")
    return s.list_page(
        c, "transfers", where, args, newest_first=True, item=s.store.transfer_detail, model=models.TransferListResponse
    )


async def get_transfer(s: Sandbox, c: Context) -> tuple[int, Any]:
    transfer = c.load_then_authorize(s.store.transfer, "Transfer")
    return 200, respond(models.TransferResponse, {"data": transfer})


async def create_transfer_handler(s: Sandbox, c: Context) -> tuple[int, Any]:
    body = s.json_body(c, models.CreateTransferRequest)
    c.authorize(transfer=TransferRequest(body.source_account_id, body.destination_account_id, body.amount_in_cents))

    def effect() -> tuple[int, dict[str, Any]]:
        try:
            transfer = create_transfer(
                s.store,
                c.key.org_id,
                source_id=body.source_account_id,
                destination_id=body.destination_account_id,
                amount=body.amount_in_cents,
                description=body.description,
                origin="user",
                settle_delay=s.settings.settle_delay_seconds,
            )
        except ValueError as exc:
            raise ApiError(400, "invalid_parameters", str(exc)) from None
        return 202, respond(models.TransferResponse, {"data": transfer})

    return s.idempotent(c, body.model_dump(mode="json"), effect)


async def list_cards(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    where, args = equal_filters(
        "org_id = ? AND account_id = ?", [c.key.org_id, c.query["account_id"]], c.query, "status", "type"
    )
    return s.list_page(c, "cards", where, args, newest_first=False, item=card_detail, model=models.CardListResponse)


async def get_card(s: Sandbox, c: Context) -> tuple[int, Any]:
    card = c.load_then_authorize(s.store.card, "Card")
    return 200, respond(models.CardResponse, {"data": card})


async def list_card_transactions(s: Sandbox, c: Context) -> tuple[int, Any]:
    card = c.load_then_authorize(s.store.card, "Card")
    where, args = equal_filters("org_id = ? AND card_id = ?", [c.key.org_id, card["id"]], c.query, "direction")
    extra, extra_args = created_range(c.query)
    return s.list_page(
        c,
        "card_transactions",
        where + extra,
        args + extra_args,
        newest_first=True,
        item=card_transaction,
        model=models.CardTransactionListResponse,
    )


HANDLERS: dict[str, Handler] = {
    "listAccounts": list_accounts,
    "getAccount": get_account,
    "listRules": list_rules,
    "getRule": get_rule,
    "triggerRule": trigger_rule,
    "listRuleExecutions": list_rule_executions,
    "getRuleExecution": get_rule_execution,
    "listTransfers": list_transfers,
    "getTransfer": get_transfer,
    "createTransfer": create_transfer_handler,
    "listCards": list_cards,
    "getCard": get_card,
    "listCardTransactions": list_card_transactions,
}
