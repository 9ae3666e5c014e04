"""The contract kit: fuzz any implementation of the Sequence api/v1 against the spec, permission model included.

    from sequence_toolkit.contract import Options, Target, run
    result = run(spec, Target.http("https://host/api/v1"), Path("keys.yaml"), Options(max_examples=50))
    result.raise_for_failures()

From the command line: ``make contract`` or ``python -m sequence_toolkit.contract --help``;
from pytest: the ``sequence_contract`` fixture (:mod:`sequence_toolkit.contract.pytest_plugin`).
"""

from .kit import Failure
from .runner import ALL_PHASES, Options, Result, run
from .target import Target

__all__ = ["ALL_PHASES", "Failure", "Options", "Result", "Target", "run"]
