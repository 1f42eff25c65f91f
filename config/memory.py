"""What a web process keeps for its whole life is taken out of Python's garbage collector.

A full collection goes through every object that survived the last one: in a gunicorn
worker, Django, the libraries, the templates, translations and the ORM's caches, some
140,000 objects once the worker has served a few pages. Measured in the load test's
workers (bench/load.py, the country's data), each full collection took 60–190 ms, one
every 20–40 s in each worker, and a burst of 50 submissions set off one in every worker
at once. Frozen (``gc.freeze``), those objects are never gone through again: a full
collection then takes 1–6 ms.

They are frozen twice: when the app is loaded (``settle``, from ``config/wsgi.py``), and
once more after the process has served ``SETTLED_AFTER`` requests, by when what is loaded
on first use (templates, translations, the URL resolver, the models' metadata) is there.
Garbage is collected first, so that nothing dead is frozen. An object frozen and dropped
later is freed as usual when nothing refers to it; only a cycle among such objects would
stay until the process ends (gunicorn's workers are restarted with every deployment).

A file is built with collection paused (``uncollected``): WeasyPrint's layout of a city's
progress report makes some 300,000 objects that live until the file is written, and
collection went through them again and again, a full collection among them, for nothing:
dropped once the file is written, they are freed by their reference counts. Measured on
the load test's city (300 wards, ``bench/load.py``'s data, in-process): its PDF 3.3 s →
1.9 s, its Excel 0.6 → 0.4 s, for ~40 MB more at the peak of a PDF.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished

#: requests served before what was loaded on first use is frozen too
SETTLED_AFTER = 100

_served = 0


def settle() -> None:
    """Freezes what the loaded app holds, and again after ``SETTLED_AFTER`` requests."""
    global _served
    _served = 0
    gc.collect()
    gc.freeze()
    request_finished.connect(_count, dispatch_uid="config.memory")


def _count(**_kwargs) -> None:
    global _served
    _served += 1
    if _served >= SETTLED_AFTER:
        request_finished.disconnect(dispatch_uid="config.memory")
        gc.collect()
        gc.freeze()


@contextmanager
def uncollected() -> Iterator[None]:
    """No garbage collection while the block runs (a file being built); collection comes
    back as it was when it ends, raised or not. Within another such block it changes
    nothing. The switch is the process's: a thread building a file at the same time
    finds collection off, and only the block that turned it off turns it back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
