"""rhetor on Apache Spark: analyses WARC crawls and writes Parquet with the CLI's schema.

    python -m rhetor.spark crawl/*.warc.gz --output out/        # local mode, every core
    spark-submit --master yarn .../rhetor/spark.py s3://bucket/crawl/ --output s3://bucket/out/

On a cluster every executor needs the ``rhetor`` wheel (it holds native code, so not through
``--py-files``): install it on the nodes, or ship a packed virtual environment with
``--archives env.tar.gz#env --conf spark.pyspark.python=./env/bin/python`` (python/README.md).

Each ``.warc.gz`` is cut into parts of at most ``--part-size`` bytes (smaller when the input
is small, so that every core has work), and each part reads the records whose gzip member
starts in it (the Common Crawl layout: one member per record). Other files (``.warc``, HTML,
JSONL, text) are read whole. Every part is analysed in ``mapInArrow`` by a pipeline built once
per executor process; a file or record that cannot be read becomes a row with an ``error``,
never a failed job. Paths are local, or any URI ``pyarrow.fs`` opens (``s3://``, ``gs://``,
``hdfs://``), read by the executors themselves.
"""

import argparse
import glob
import math
import os
import sys
from typing import Iterator, List, Optional, Sequence, Tuple

import pyarrow
import pyarrow.fs

import rhetor

#: The largest part of a ``.warc.gz`` one task reads.
PART_SIZE = 64 << 20
#: The smallest part worth a task of its own.
MIN_PART_SIZE = 1 << 20

#: One task's input: (name in ids and errors, URI to open, start, end or None for the whole file).
Part = Tuple[str, str, int, Optional[int]]

_PIPELINES = {}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    layers = None if args.layers is None else [n.strip() for n in args.layers.split(",")]
    # Refuse bad options here, not in every task.
    rhetor.Pipeline(tier=args.tier, layers=layers, max_bytes=args.max_bytes)

    if _exists(args.output):
        print(
            f"rhetor: --output {args.output} already exists: remove it or name another",
            file=sys.stderr,
        )
        return 2

    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    master = args.master
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Run as a plain script, not by spark-submit: local mode on every core.
        master = "local[*]"
    if master is not None and master.startswith("local"):
        # Local workers run this very interpreter, where rhetor is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("rhetor").config("spark.ui.showConsoleProgress", "false")
    if master is not None:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    try:
        files = list(_files(args.inputs))
        parallelism = spark.sparkContext.defaultParallelism
        parts = plan(files, args.part_size, parallelism)
        print(
            f"rhetor: {len(files)} files in {len(parts)} parts on {parallelism} cores",
            file=sys.stderr,
        )
        options = (args.tier, None if layers is None else tuple(layers), args.max_bytes)
        tasks = spark.sparkContext.parallelize(parts, max(1, len(parts)))
        frame = spark.createDataFrame(tasks, "name string, uri string, start long, end long")
        rows = frame.mapInArrow(_analyze_parts(options), from_arrow_schema(rhetor.schema()))
        rows.write.parquet(args.output)
        written = spark.read.parquet(args.output)
        total, errors = written.count(), written.where("error is not null").count()
        print(f"rhetor: {total} rows ({errors} errors) written to {args.output}", file=sys.stderr)
    finally:
        spark.stop()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rhetor.spark",
        description="Analyse WARC files (or anything `rhetor analyze` reads) on Apache Spark "
        "into Parquet with the schema of `rhetor analyze --format parquet`.",
    )
    parser.add_argument("inputs", nargs="+", help="files, directories or globs; local or URIs")
    parser.add_argument("--output", required=True, help="the Parquet folder to write")
    parser.add_argument("--master", help="the Spark master (default: local[*], or spark-submit's)")
    parser.add_argument("--tier", default="fast", choices=rhetor.TIERS)
    parser.add_argument("--layers", help="comma list of layers to run (default: all)")
    parser.add_argument("--max-bytes", type=int, help="refuse larger documents")
    parser.add_argument(
        "--part-size", type=int, default=PART_SIZE, help="the largest part of a .warc.gz per task"
    )
    return parser


def _files(inputs: Sequence[str]) -> Iterator[Tuple[str, str, Optional[int]]]:
    """Every file of the inputs as (name, URI, size); a path that does not exist is kept (size
    None), so that its task writes its error row."""
    for given in inputs:
        local = "://" not in given
        names = sorted(glob.glob(given)) if local and glob.has_magic(given) else [given]
        for name in names:
            uri = os.path.abspath(name) if local else name
            try:
                fs, path = pyarrow.fs.FileSystem.from_uri(uri)
                info = fs.get_file_info(path)
            except (OSError, ValueError, pyarrow.ArrowException):
                yield name, uri, None
                continue
            if info.type == pyarrow.fs.FileType.Directory:
                found = fs.get_file_info(pyarrow.fs.FileSelector(path, recursive=True))
                for entry in sorted(found, key=lambda e: e.path):
                    base = entry.base_name
                    if entry.type == pyarrow.fs.FileType.File and not base.startswith("."):
                        inner = os.path.relpath(entry.path, path)
                        yield (
                            os.path.join(name, inner) if local else f"{name.rstrip('/')}/{inner}",
                            entry.path if local else f"{uri.rstrip('/')}/{inner}",
                            entry.size,
                        )
            else:
                yield name, uri, info.size if info.type == pyarrow.fs.FileType.File else None


def _exists(uri: str) -> bool:
    try:
        fs, path = pyarrow.fs.FileSystem.from_uri(uri if "://" in uri else os.path.abspath(uri))
        return fs.get_file_info(path).type != pyarrow.fs.FileType.NotFound
    except (OSError, ValueError, pyarrow.ArrowException):
        # Spark itself says what is wrong with an output it cannot write.
        return False


def plan(
    files: Sequence[Tuple[str, str, Optional[int]]], part_size: int, parallelism: int
) -> List[Part]:
    """The parts of the files: each ``.warc.gz`` in byte ranges (at most ``part_size``, smaller
    when the crawl is small so that every core gets about two), every other file whole."""
    splittable = [size for name, _, size in files if _splits(name) and size]
    total = sum(splittable)
    size = min(part_size, max(MIN_PART_SIZE, math.ceil(total / max(1, 2 * parallelism))))
    parts: List[Part] = []
    for name, uri, file_size in files:
        if not (_splits(name) and file_size):
            parts.append((name, uri, 0, None))
            continue
        for start in range(0, file_size, size):
            parts.append((name, uri, start, min(start + size, file_size)))
    return parts


def _splits(name: str) -> bool:
    return name.lower().endswith(".warc.gz")


def _analyze_parts(options):
    """The function ``mapInArrow`` runs on each partition: its parts' rows, batch by batch."""

    def analyze(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        pipeline = _pipeline(options)
        for batch in batches:
            for part in batch.to_pylist():
                yield from _part_rows(pipeline, part)

    return analyze


def _pipeline(options) -> rhetor.Pipeline:
    """The executor process's pipeline: the models load once per process, not per task."""
    if options not in _PIPELINES:
        tier, layers, max_bytes = options
        _PIPELINES[options] = rhetor.Pipeline(tier=tier, layers=layers, max_bytes=max_bytes)
    return _PIPELINES[options]


def _part_rows(pipeline: rhetor.Pipeline, part) -> Iterator[pyarrow.RecordBatch]:
    name, start, end = part["name"], part["start"], part["end"]
    try:
        fs, path = pyarrow.fs.FileSystem.from_uri(part["uri"])
        file = fs.open_input_file(path)
        file.seek(start)
    except (OSError, ValueError, pyarrow.ArrowException) as e:
        yield pyarrow.record_batch(rhetor._unreadable_row(name, str(e)))
        return
    with file:
        yield from pipeline.analyze_file_arrow(file, name, start=start, end=end)


if __name__ == "__main__":
    sys.exit(main())
