"""Batch reading (批量读取): many disclosures read in worker processes, one result per report, streamed.

:func:`read_many` reads each source with :func:`gfs_cn.read` in a pool of processes (reading a
PDF is CPU-bound, so threads would not run in parallel) and yields, per source, the
:class:`~gfs_cn.tables.Report` or a :class:`ReadFailure` that names the source and why it failed —
one bad file never stops a batch. At most a few sources per worker are in flight at any time, so
memory is bounded by the number of workers, not by the number of reports.

>>> from gfs_cn import sample_path
>>> results = list(read_many([sample_path(), "no-such-file.txt"], workers=0))
>>> results[0]
<Report 鞍山市医疗保障局 2024 部门预算: ... tables>
>>> results[1].source, results[1].error
('no-such-file.txt', 'SourceNotFoundError')
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import ctypes
import functools
import gc
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Final, Literal, TypeVar

import attrs

from gfs_cn.errors import GfsError, ReadError, SourceNotFoundError
from gfs_cn.tables.report import Report

__all__ = ["OnError", "ReadFailure", "map_reports", "read_many"]

OnError = Literal["keep", "skip", "raise"]
"""What :func:`read_many` does with a source it cannot read: yield a :class:`ReadFailure` (``keep``),
leave it out (``skip``), or raise the error (``raise``)."""

T = TypeVar("T")

_log = logging.getLogger("gfs_cn.batch")

_IN_FLIGHT_PER_WORKER: Final = 2
"""Sources submitted ahead per worker: enough to keep every worker busy, few enough that memory stays flat."""


@attrs.frozen(slots=True)
class ReadFailure:
    """A source that could not be read (读取失败): which one, the error's class, and its message.

    >>> ReadFailure(source="a.pdf", error="ReadError", message="no tables found")
    ReadFailure(source='a.pdf', error='ReadError', message='no tables found')
    """

    source: str
    """The caller's id of the source (the key of a mapping), else the path as given."""
    error: str
    """The class name of the exception raised (``ReadError``, ``FileNotFoundError`` …)."""
    message: str
    """What the exception said."""

    def as_dict(self) -> dict[str, str]:
        """The failure as a plain dict (one line of an errors file)."""
        return {"source": self.source, "error": self.error, "message": self.message}


def read_many(
    sources: Iterable[Any] | Mapping[str, Any],
    *,
    workers: int | None = None,
    on_error: OnError = "keep",
    ordered: bool = True,
    **options: Any,
) -> Iterator[Report | ReadFailure]:
    """Read many disclosures, one result per source: the :class:`~gfs_cn.tables.Report` or a :class:`ReadFailure`.

    ``sources`` are what :func:`gfs_cn.read` takes (paths of PDFs or text files, lists of paths of
    one report), or a mapping from the caller's id to such a source: the id then names the report
    (``Report.source`` and every record's ``source``) and any failure. ``options`` go to
    :func:`gfs_cn.read` (``year=``, ``unit=`` …).

    ``workers`` is the number of processes (default: one per CPU); ``0`` reads in this process,
    one source after another. Results come in input order, or as they complete with
    ``ordered=False``. Only ``2 × workers`` sources are read ahead of the one yielded, and the
    sources iterable is consumed lazily, so a generator over a million paths costs no more memory
    than one over ten.

    >>> from gfs_cn import sample_path
    >>> [r.source for r in read_many({"anshan-2024": sample_path()}, workers=0)]
    ['anshan-2024']
    """
    return map_reports(_identity, sources, workers=workers, on_error=on_error, ordered=ordered, **options)


def _identity(report: Report) -> Report:
    return report


def map_reports(
    function: Callable[[Report], T],
    sources: Iterable[Any] | Mapping[str, Any],
    *,
    workers: int | None = None,
    on_error: OnError = "keep",
    ordered: bool = True,
    **options: Any,
) -> Iterator[T | ReadFailure]:
    """Read each source and apply ``function`` to its report in the worker: one result per source.

    As :func:`read_many`, but what comes back from the workers is ``function(report)`` — the
    report's records, an Arrow batch, its checks — so only that crosses between processes.
    ``function`` must be picklable (a module-level function). An error in ``function`` is a
    failure of that source, like an error in reading it.

    >>> from gfs_cn import sample_path, to_records
    >>> [records[0].source for records in map_reports(to_records, {"anshan": sample_path()}, workers=0)]
    ['anshan']
    """
    if on_error not in ("keep", "skip", "raise"):
        raise GfsError(f"on_error must be 'keep', 'skip' or 'raise', not {on_error!r}")
    jobs = _jobs(sources)
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 0:
        raise GfsError(f"workers must be 0 (read in this process) or more, not {workers}")
    results = (
        (_run(function, key, source, options) for key, source in jobs)
        if workers == 0
        else map(_logged, _pooled(function, jobs, workers, ordered, options))
    )
    for result in results:
        if isinstance(result, _Raised):
            if on_error == "raise":
                raise result.error
            if on_error == "skip":  # left out: said on the log, since the caller never sees it
                failure = result.failure
                _log.warning("%s: skipped, %s", failure.source, _unrepeated(failure.message, failure.source))
            if on_error == "keep":
                yield result.failure
        else:
            yield result


def _unrepeated(message: str, source: str) -> str:
    """A message without the source it already names (``no such file: 'a.pdf'`` said of ``a.pdf``).

    >>> _unrepeated("no such file: 'a.pdf'", "a.pdf"), _unrepeated("no tables found", "a.pdf")
    ('no such file', 'no tables found')
    """
    for shown in (f": {source!r}", f": {source}", f" ({source})"):
        if message.endswith(shown):
            return message[: -len(shown)]
    return message


def _jobs(sources: Iterable[Any] | Mapping[str, Any]) -> Iterator[tuple[str | None, Any]]:
    """``(id, source)``: the caller's id for a mapping, ``None`` (the path names the report) otherwise."""
    if isinstance(sources, Mapping):
        for key, source in sources.items():
            yield str(key), source
    else:
        for source in sources:
            yield None, source


@attrs.frozen(slots=True)
class _Raised:
    failure: ReadFailure
    error: BaseException


def _name(key: str | None, source: Any) -> str:
    if key is not None:
        return key
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return " + ".join(os.fspath(part) for part in source)


def _run(function: Callable[[Report], T], key: str | None, source: Any, options: dict[str, Any]) -> T | _Raised:
    """Read one source and apply ``function``; every error becomes a :class:`_Raised` naming the source."""
    from gfs_cn.reading import read

    name = "?"
    try:
        name = _name(key, source)
        if isinstance(source, (str, os.PathLike)) and not os.path.isfile(source):
            # gfs_cn.read takes a string that is no file as the text itself; in a batch it is a missing file
            raise SourceNotFoundError(name)
        report = read(source, **options)
        report = attrs.evolve(report, source=name)
        return function(report)
    except Exception as err:  # one bad source never stops a batch: the error is its result
        failure = ReadFailure(source=name, error=type(err).__name__, message=str(err) or repr(err))
        return _Raised(failure, err)


@attrs.frozen(slots=True)
class _Logs:
    """A worker's result, with what was logged on the ``gfs_cn`` logger while it was made."""

    result: Any
    records: tuple[logging.LogRecord, ...]


class _Capture(logging.Handler):
    """Keeps the records logged in a worker, their messages formatted (so they pickle), to send back."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _logged(result: Any) -> Any:
    """A worker's result, after logging here, in the calling process, what was logged in the worker:
    the caller's handlers (a progress bar's ``tqdm.write``, a file) see a worker's messages as their own."""
    if not isinstance(result, _Logs):
        return result
    for record in result.records:
        logging.getLogger(record.name).handle(record)
    return result.result


def _run_in_worker(
    function: Callable[[Report], T], key: str | None, source: Any, options: dict[str, Any], level: int = logging.WARNING
) -> _Logs:
    """:func:`_run` in a worker process, its log records caught to be logged by the caller (at ``level``,
    the caller's level of the ``gfs_cn`` logger) — then the process hands back the memory the reading used.

    Reading a PDF leaves almost no objects behind (tens of kB), but the memory it used stays with the
    process: cycles of layout objects wait for the collector, and freed blocks stay in the C heap. The
    next report then starts from a fuller, more fragmented heap, and a worker's peak grows over a batch:
    over the corpus, one process's peak went from 54 MB after its first report to 70 MB after a dozen.
    Collecting and trimming after each source (about 13 ms, against a second or so of reading) holds it
    at 64 MB. What remains is what a worker keeps by design: the classification editions of the years
    it has met, and a heap that is never quite as compact as a fresh one.
    """
    logger = logging.getLogger("gfs_cn")
    capture = _Capture()
    saved = logger.handlers, logger.propagate, logger.level
    logger.handlers, logger.propagate = [capture], False
    logger.setLevel(level)
    try:
        return _Logs(_run(function, key, source, options), tuple(capture.records))
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
        _release_memory()


def _release_memory() -> None:
    """Collect garbage cycles, then return the C heap's free pages to the system (glibc's ``malloc_trim``)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, where the C library has one (Linux with glibc; not macOS, Windows or musl)."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # TypeError: Windows opens no library by None
        return None
    return trim


class _Pool:
    """A process pool that survives a worker's death: the source being read when it died is retried
    alone, in a pool of its own, to tell the one that kills a worker (a failure) from the others."""

    def __init__(self, function: Callable[[Report], Any], workers: int, options: dict[str, Any]) -> None:
        self.function, self.workers, self.options = function, workers, options
        self.level = logging.getLogger("gfs_cn").getEffectiveLevel()
        self.pool = cf.ProcessPoolExecutor(max_workers=workers)
        self.jobs: dict[cf.Future[Any], tuple[str | None, Any]] = {}

    def submit(self, job: tuple[str | None, Any]) -> cf.Future[Any]:
        future = self.pool.submit(_run_in_worker, self.function, job[0], job[1], self.options, self.level)
        self.jobs[future] = job
        return future

    def result(self, future: cf.Future[Any]) -> tuple[Any, dict[cf.Future[Any], cf.Future[Any]]]:
        """The future's result, and — where the pool broke — the new future of every other job in flight."""
        job = self.jobs.pop(future)
        try:
            return future.result(), {}
        except BrokenProcessPool:
            pass
        self.pool.shutdown(wait=True, cancel_futures=True)
        with cf.ProcessPoolExecutor(max_workers=1) as alone:
            result: _Logs | _Raised
            try:
                result = alone.submit(_run_in_worker, self.function, job[0], job[1], self.options, self.level).result()
            except BrokenProcessPool:
                name = _name(*job)
                error = ReadError(
                    f"the worker process died reading {name} (out of memory, or a crash in a native library)"
                )
                result = _Raised(ReadFailure(source=name, error="WorkerDied", message=str(error)), error)
        self.pool = cf.ProcessPoolExecutor(max_workers=self.workers)
        others, self.jobs = self.jobs, {}
        return result, {old: self.submit(other) for old, other in others.items()}

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _pooled(
    function: Callable[[Report], T],
    jobs: Iterator[tuple[str | None, Any]],
    workers: int,
    ordered: bool,
    options: dict[str, Any],
) -> Iterator[T | _Raised]:
    limit = workers * _IN_FLIGHT_PER_WORKER
    pool = _Pool(function, workers, options)
    pending: collections.deque[cf.Future[T | _Raised]] = collections.deque()
    running: set[cf.Future[T | _Raised]] = set()

    def submit() -> bool:
        job = next(jobs, None)
        if job is None:
            return False
        future = pool.submit(job)
        (pending.append if ordered else running.add)(future)
        return True

    try:
        more = True
        while more and len(pending) + len(running) < limit:
            more = submit()
        if ordered:
            while pending:
                result, renewed = pool.result(pending.popleft())
                if renewed:
                    pending = collections.deque(renewed[f] for f in pending)
                more = more and submit()
                yield result
        else:
            while running:
                done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    if future not in running:
                        continue  # a future of a pool that broke: its job was submitted again
                    running.discard(future)
                    result, renewed = pool.result(future)
                    if renewed:
                        running = {renewed.get(f, f) for f in running}
                    more = more and submit()
                    yield result
    finally:
        pool.close()
