"""rhetor: what a news or opinion article says, who says it, and how.

    >>> import rhetor
    >>> pipeline = rhetor.Pipeline()
    >>> doc = pipeline.analyze(text="Harbour council meets. The vote is on Monday.")
    >>> doc["schema"], len(doc["sentences"])
    ('rhetor/1', 2)

Every document is the rhetor/1 JSON of the command-line tool as a dict: offsets count
characters of ``doc["text"]``, end exclusive, as Python slicing does.
"""

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence

from ._rhetor import Pipeline as _Pipeline
from ._rhetor import RhetorError, arrow_schema as _arrow_schema, unreadable_row as _unreadable_row

__all__ = ["Pipeline", "RhetorError", "LAYERS", "TIERS", "schema"]

#: The layers a pipeline can run; the layers a chosen one reads run too.
LAYERS = ("text", "entities", "attributions", "claims", "time", "techniques")
#: The representations the learned layers can read.
TIERS = ("fast", "accurate")


class Pipeline:
    """Reads articles and analyses them. Build it once (the models load then) and share it:
    analysing releases the GIL, so threads run in parallel.

    ``tier``: ``"fast"`` (static word vectors) or ``"accurate"`` (a contextual encoder, about a
    thousand times slower). ``layers``: the layers to run (default: all), e.g. ``["text"]`` for
    clean text and metadata only. ``raw``: take text verbatim. ``published``: the reference
    date (``YYYY-MM-DD``) for documents that have none. ``max_bytes``: refuse larger documents.
    """

    def __init__(
        self,
        tier: str = "fast",
        layers: Optional[Sequence[str]] = None,
        raw: bool = False,
        published: Optional[str] = None,
        max_bytes: Optional[int] = None,
    ) -> None:
        if isinstance(layers, str):
            layers = [name.strip() for name in layers.split(",")]
        self._inner = _Pipeline(
            tier, None if layers is None else list(layers), raw, published, max_bytes
        )

    def analyze(
        self,
        text: Optional[str] = None,
        *,
        html: Optional[str] = None,
        data: Optional[bytes] = None,
        id: str = "document",
        url: Optional[str] = None,
        published: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Analyses one article given as ``text``, ``html`` or raw ``data`` (bytes of either,
        sniffed, charset decoded). Raises :class:`RhetorError` for an input rhetor cannot read
        and ``TypeError`` for arguments of the wrong type."""
        kind, content = _content(text=text, html=html, data=data)
        return json.loads(self._inner.analyze_json(id, kind, content, url, published))

    def analyze_batch(
        self, records: Iterable[Mapping[str, Any]], jobs: Optional[int] = None
    ) -> List[Dict[str, Any]]:
        """Analyses many records, each a mapping with ``text``, ``html`` or ``data`` and
        optionally ``id``, ``url`` and ``published`` (the JSONL records of the command-line
        tool), on ``jobs`` threads (default: every core), with the GIL released. Returns the
        documents in order; a record rhetor cannot read becomes an error record
        (``{"schema", "id", "source", "error"}``) and the batch goes on."""
        rows = _rows(records)
        return [json.loads(doc) for doc in self._inner.analyze_batch_json(rows, jobs)]

    def analyze_arrow(self, data: Any, jobs: Optional[int] = None) -> "pyarrow.RecordBatch":
        """Analyses the rows of a pyarrow ``Table`` or ``RecordBatch`` (columns ``text``,
        ``html`` or ``data``, and optionally ``id``, ``url``, ``published``; or any iterable of
        records as :meth:`analyze_batch` takes) on ``jobs`` threads, and returns one row per
        input, in order, as a ``pyarrow.RecordBatch`` of the rhetor/1 Parquet schema
        (``docs/PARQUET.md``): the same columns ``rhetor analyze --format parquet`` writes,
        handed over through the Arrow C data interface without a copy. Spark's ``mapInArrow``,
        Ray Data's ``map_batches``, Polars and pandas take it as it is. A record rhetor cannot
        read becomes a row with an ``error``."""
        import pyarrow

        records = data.to_pylist() if hasattr(data, "to_pylist") else data
        rows = _rows(records, lenient=True)
        return pyarrow.record_batch(self._inner.analyze_batch_arrow(rows, jobs))

    def analyze_file_arrow(
        self,
        file: Any,
        name: Optional[str] = None,
        *,
        start: int = 0,
        end: Optional[int] = None,
        rows: int = 256,
    ) -> Iterator["pyarrow.RecordBatch"]:
        """Reads one file as ``rhetor analyze`` reads it (HTML, text, JSONL, WARC, gzipped or
        not), analyses its documents on this thread, and yields them as ``pyarrow.RecordBatch``
        of at most ``rows`` rows (the schema of :func:`schema`), streaming: memory stays flat
        whatever the file's size. ``file``: a path, or an open binary file (Python's, pyarrow's
        or fsspec's), named ``name`` in ids and errors. With ``end``: only the part ``[start,
        end)`` of a ``.warc.gz`` (for an open file, positioned at ``start``): parts laid end to
        end read every record once, so one crawl file spreads over many workers. A file or
        record that cannot be read becomes a row with an ``error``."""
        if isinstance(file, (str, os.PathLike)):
            return self._path_batches(file, name, start, end, rows)
        if not callable(getattr(file, "read", None)):
            kind = type(file).__name__
            raise TypeError(f"analyze_file_arrow takes a path or a binary file, not {kind}")
        if name is None:
            name = str(getattr(file, "name", None) or "file")
        return self._file_batches(file, name, start, end, rows)

    def _path_batches(self, path, name, start, end, rows):
        import pyarrow

        name = name if name is not None else os.fspath(path)
        try:
            opened = open(path, "rb")
        except OSError as e:
            yield pyarrow.record_batch(_unreadable_row(name, e.strerror or str(e)))
            return
        with opened:
            try:
                opened.seek(start)
            except OSError as e:
                yield pyarrow.record_batch(_unreadable_row(name, e.strerror or str(e)))
                return
            yield from self._file_batches(opened, name, start, end, rows)

    def _file_batches(self, file, name, start, end, rows):
        import pyarrow

        for batch in self._inner.analyze_file_arrow(name, file, start, end, rows):
            yield pyarrow.record_batch(batch)

def schema() -> "pyarrow.Schema":
    """The schema of the rows :meth:`Pipeline.analyze_arrow` and
    :meth:`Pipeline.analyze_file_arrow` return: the rhetor/1 Parquet schema
    (``docs/PARQUET.md``), the columns ``rhetor analyze --format parquet`` writes."""
    import pyarrow

    return pyarrow.schema(_arrow_schema())


def _rows(records: Iterable[Mapping[str, Any]], lenient: bool = False) -> List[tuple]:
    """The records as the native module takes them: ``(id, kind, content, url, published)``.
    ``lenient``: a record without one text, html or data becomes an empty text (an error row)
    instead of raising, as a row of a table must."""
    rows = []
    for i, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise TypeError(f"record {i} is a {type(record).__name__}, not a mapping")
        try:
            kind, content = _content(
                text=record.get("text"), html=record.get("html"), data=record.get("data")
            )
        except TypeError:
            if not lenient:
                raise
            kind, content = "text", ""
        published = record.get("published")
        rows.append(
            (
                str(record.get("id") or f"record-{i}"),
                kind,
                content,
                record.get("url"),
                None if published is None else str(published),
            )
        )
    return rows


def _content(text: Any, html: Any, data: Any):
    given = [(k, v) for k, v in (("text", text), ("html", html), ("data", data)) if v is not None]
    if len(given) != 1:
        raise TypeError("give exactly one of text, html or data")
    kind, content = given[0]
    expected = bytes if kind == "data" else str
    if not isinstance(content, expected):
        raise TypeError(f"{kind} must be {expected.__name__}, not {type(content).__name__}")
    return kind, content
