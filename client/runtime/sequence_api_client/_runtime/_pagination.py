"""Pagers: every item of a list operation, following ``end_cursor`` from page to page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from collections.abc import Sequence as SequenceOf
from typing import Any, Generic, Protocol, TypeVar

from ..types import Unset
from ._errors import PaginationError

ItemT = TypeVar("ItemT")
ItemT_co = TypeVar("ItemT_co", covariant=True)


class _PageInfo(Protocol):
    @property
    def end_cursor(self) -> str | None: ...

    @property
    def has_next_page(self) -> bool: ...


class Page(Protocol[ItemT_co]):
    """What every list response has: the items of one page and where the next begins."""

    @property
    def data(self) -> SequenceOf[ItemT_co]: ...

    @property
    def page_info(self) -> _PageInfo: ...


PageT = TypeVar("PageT", bound=Page[Any])


def _next_cursor(page: Page[Any], seen: set[str]) -> str | None:
    """The cursor of the next page (None after the last); PaginationError when the server repeats one."""
    cursor = page.page_info.end_cursor
    if not (page.page_info.has_next_page and cursor):
        return None
    if cursor in seen:
        raise PaginationError(
            f"the server sent the cursor of an earlier page again after {len(seen)} page(s) (request id "
            f"{getattr(page, 'request_id', None) or 'unknown'}): following it would never end"
        )
    seen.add(cursor)
    return cursor


class SyncPager(Generic[PageT, ItemT]):
    """Every item of a list operation, fetching pages of ``first`` items as it goes (following ``end_cursor``).

    Iterate it for the items; ``pages()`` gives the page responses (with their ``request_id``).
    Each iteration starts again from the first page.
    """

    def __init__(
        self, fetch: Callable[[str | Unset], PageT], items: Callable[[PageT], SequenceOf[ItemT]], after: str | Unset
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._after = after

    def pages(self) -> Iterator[PageT]:
        cursor: str | Unset = self._after
        seen: set[str] = {cursor} if isinstance(cursor, str) else set()
        while True:
            page = self._fetch(cursor)
            yield page
            following = _next_cursor(page, seen)
            if following is None:
                return
            cursor = following

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self._items(page)

    def first_page(self) -> PageT:
        return self._fetch(self._after)


class AsyncPager(Generic[PageT, ItemT]):
    """As :class:`SyncPager`, for ``async for``."""

    def __init__(
        self,
        fetch: Callable[[str | Unset], Awaitable[PageT]],
        items: Callable[[PageT], SequenceOf[ItemT]],
        after: str | Unset,
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._after = after

    async def pages(self) -> AsyncIterator[PageT]:
        cursor: str | Unset = self._after
        seen: set[str] = {cursor} if isinstance(cursor, str) else set()
        while True:
            page = await self._fetch(cursor)
            yield page
            following = _next_cursor(page, seen)
            if following is None:
                return
            cursor = following

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in self._items(page):
                yield item

    async def first_page(self) -> PageT:
        return await self._fetch(self._after)
