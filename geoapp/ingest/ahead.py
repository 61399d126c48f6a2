"""Checking the next chunk of a file while the store writes the one before.

The checks are Python; most of a write is the database's work, during which the driver
lets other threads run. A thread that reads and checks one chunk ahead overlaps the two.
The thread never touches the database: the load's one connection, and so its one
transaction, stay with the caller.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def ahead(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Yield what ``items`` yields, produced in a thread at most ``depth`` items ahead.

    An error in the thread is raised here, where its item would have been; closing this
    generator stops the thread (after the item it is working on) and closes ``items``.
    """
    made: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    worker = threading.Thread(target=_produce, args=(items, made, stop), daemon=True,
                              name="geoapp-check-ahead")
    worker.start()
    try:
        while True:
            item, error = made.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # free a thread blocked on a full queue
            try:
                made.get(timeout=0.05)
            except queue.Empty:
                pass
        worker.join()


def _produce(items: Iterator, made: queue.Queue, stop: threading.Event) -> None:
    try:
        for item in items:
            made.put((item, None))
            if stop.is_set():
                return
        made.put((_DONE, None))
    except BaseException as error:  # noqa: BLE001 (handed to the caller's thread)
        made.put((None, error))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()
