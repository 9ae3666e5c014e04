"""The examples block of an operation in the API reference: its code samples and its example bodies.

- Code samples come from the operation's ``x-codeSamples`` (Redocly's extension, which other renderers read
  too): the curl line in the seeds' style and the Python client call, each as a fenced block.
- Example bodies are the spec's own: the request body's ``examples`` and every response's, errors included,
  each under its status, name and summary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sequence_toolkit.spec import Operation, Spec, json_media

CODE_SAMPLES = "x-codeSamples"
#: x-codeSamples ``lang`` -> the fence's language (highlighters and the docs check read it)
FENCES = {"shell": "sh", "python": "python"}


def code_samples(operation: Operation) -> list[tuple[str, str, str]]:
    """(label, fence language, source) of each of the operation's ``x-codeSamples``."""
    samples = []
    for sample in operation.raw.get(CODE_SAMPLES) or ():
        if isinstance(sample, Mapping) and isinstance(sample.get("source"), str):
            lang = str(sample.get("lang", ""))
            label = str(sample.get("label") or lang)
            samples.append((label, FENCES.get(lang.lower(), lang.lower()), sample["source"].rstrip("\n")))
    return samples


def _examples(spec: Spec, holder: Any) -> Iterator[tuple[str, str, Any]]:
    """(name, summary, value) of each example of a request body's or response's JSON media type."""
    media = json_media(holder) or {}
    for name, example in (media.get("examples") or {}).items():
        example = spec.deref(example)
        if isinstance(example, Mapping) and "value" in example:
            yield str(name), str(example.get("summary", "")), example["value"]
    if "example" in media:
        yield "example", "", media["example"]


def _fenced(language: str, text: str) -> list[str]:
    return [f"```{language}", text, "```", ""]


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _caption(what: str, name: str, summary: str) -> str:
    return f"{what} · `{name}`" + (f": {summary}" if summary else "")


def examples_section(spec: Spec, operation: Operation) -> list[str]:
    """Markdown lines: the code samples, then the request and response example bodies."""
    lines: list[str] = []
    for label, language, source in code_samples(operation):
        lines += [f"*{label}*", "", *_fenced(language, source)]
    for name, summary, value in _examples(spec, operation.body):
        lines += [_caption("Request body", name, summary), "", *_fenced("json", _json(value))]
    for status, response in operation.responses.items():
        for name, summary, value in _examples(spec, response):
            lines += [_caption(f"Response {status}", name, summary), "", *_fenced("json", _json(value))]
    return ["**Examples**", "", *lines] if lines else []
