"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_balance import AccountBalance
from .account_list_response import AccountListResponse
from .account_ref import AccountRef
from .account_response import AccountResponse
from .account_summary import AccountSummary
from .account_type import AccountType
from .action_limit import ActionLimit
from .all_condition import AllCondition
from .any_condition import AnyCondition
from .card import Card
from .card_list_response import CardListResponse
from .card_response import CardResponse
from .card_status import CardStatus
from .card_transaction import CardTransaction
from .card_transaction_direction import CardTransactionDirection
from .card_transaction_list_response import CardTransactionListResponse
from .card_transaction_status import CardTransactionStatus
from .card_type import CardType
from .condition import Condition
from .condition_fact import ConditionFact
from .condition_operator import ConditionOperator
from .condition_params import ConditionParams
from .create_transfer_request import CreateTransferRequest
from .error import Error
from .error_code import ErrorCode
from .error_response import ErrorResponse
from .external_account_type import ExternalAccountType
from .fixed_action import FixedAction
from .fixed_action_type import FixedActionType
from .last_statement_balance_action import LastStatementBalanceAction
from .last_statement_balance_action_type import LastStatementBalanceActionType
from .limit_period import LimitPeriod
from .list_transfers_account_role import ListTransfersAccountRole
from .manual_trigger import ManualTrigger
from .manual_trigger_details import ManualTriggerDetails
from .manual_trigger_details_type import ManualTriggerDetailsType
from .manual_trigger_type import ManualTriggerType
from .next_payment_minimum_action import NextPaymentMinimumAction
from .next_payment_minimum_action_type import NextPaymentMinimumActionType
from .on_funds_transferred_trigger import OnFundsTransferredTrigger
from .on_funds_transferred_trigger_details import OnFundsTransferredTriggerDetails
from .on_funds_transferred_trigger_details_type import OnFundsTransferredTriggerDetailsType
from .on_funds_transferred_trigger_type import OnFundsTransferredTriggerType
from .page_info import PageInfo
from .percentage_action import PercentageAction
from .percentage_action_type import PercentageActionType
from .percentage_liability_balance_action import PercentageLiabilityBalanceAction
from .percentage_liability_balance_action_type import PercentageLiabilityBalanceActionType
from .percentage_target import PercentageTarget
from .round_down_action import RoundDownAction
from .round_down_action_type import RoundDownActionType
from .rule import Rule
from .rule_execution import RuleExecution
from .rule_execution_list_response import RuleExecutionListResponse
from .rule_execution_response import RuleExecutionResponse
from .rule_execution_status import RuleExecutionStatus
from .rule_list_response import RuleListResponse
from .rule_response import RuleResponse
from .rule_status import RuleStatus
from .rule_step import RuleStep
from .rule_summary import RuleSummary
from .schedule_type import ScheduleType
from .scheduled_trigger import ScheduledTrigger
from .scheduled_trigger_details import ScheduledTriggerDetails
from .scheduled_trigger_details_type import ScheduledTriggerDetailsType
from .scheduled_trigger_type import ScheduledTriggerType
from .single_condition import SingleCondition
from .top_up_action import TopUpAction
from .top_up_action_type import TopUpActionType
from .total_amount_due_action import TotalAmountDueAction
from .total_amount_due_action_type import TotalAmountDueActionType
from .transfer import Transfer
from .transfer_direction import TransferDirection
from .transfer_error_code import TransferErrorCode
from .transfer_list_response import TransferListResponse
from .transfer_origin import TransferOrigin
from .transfer_response import TransferResponse
from .transfer_status import TransferStatus
from .trigger_rule_request import TriggerRuleRequest
from .trigger_rule_response import TriggerRuleResponse
from .trigger_type import TriggerType
from .triggered_execution import TriggeredExecution

TriggerRuleResult = TriggeredExecution  # deprecated: renamed TriggeredExecution in 1.2.0

__all__ = (
    "Account",
    "AccountBalance",
    "AccountListResponse",
    "AccountRef",
    "AccountResponse",
    "AccountSummary",
    "AccountType",
    "ActionLimit",
    "AllCondition",
    "AnyCondition",
    "Card",
    "CardListResponse",
    "CardResponse",
    "CardStatus",
    "CardTransaction",
    "CardTransactionDirection",
    "CardTransactionListResponse",
    "CardTransactionStatus",
    "CardType",
    "Condition",
    "ConditionFact",
    "ConditionOperator",
    "ConditionParams",
    "CreateTransferRequest",
    "Error",
    "ErrorCode",
    "ErrorResponse",
    "ExternalAccountType",
    "FixedAction",
    "FixedActionType",
    "LastStatementBalanceAction",
    "LastStatementBalanceActionType",
    "LimitPeriod",
    "ListTransfersAccountRole",
    "ManualTrigger",
    "ManualTriggerDetails",
    "ManualTriggerDetailsType",
    "ManualTriggerType",
    "NextPaymentMinimumAction",
    "NextPaymentMinimumActionType",
    "OnFundsTransferredTrigger",
    "OnFundsTransferredTriggerDetails",
    "OnFundsTransferredTriggerDetailsType",
    "OnFundsTransferredTriggerType",
    "PageInfo",
    "PercentageAction",
    "PercentageActionType",
    "PercentageLiabilityBalanceAction",
    "PercentageLiabilityBalanceActionType",
    "PercentageTarget",
    "RoundDownAction",
    "RoundDownActionType",
    "Rule",
    "RuleExecution",
    "RuleExecutionListResponse",
    "RuleExecutionResponse",
    "RuleExecutionStatus",
    "RuleListResponse",
    "RuleResponse",
    "RuleStatus",
    "RuleStep",
    "RuleSummary",
    "ScheduledTrigger",
    "ScheduledTriggerDetails",
    "ScheduledTriggerDetailsType",
    "ScheduledTriggerType",
    "ScheduleType",
    "SingleCondition",
    "TopUpAction",
    "TopUpActionType",
    "TotalAmountDueAction",
    "TotalAmountDueActionType",
    "Transfer",
    "TransferDirection",
    "TransferErrorCode",
    "TransferListResponse",
    "TransferOrigin",
    "TransferResponse",
    "TransferStatus",
    "TriggeredExecution",
    "TriggerRuleRequest",
    "TriggerRuleResponse",
    "TriggerRuleResult",
    "TriggerType",
)
