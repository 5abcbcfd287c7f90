"""dyad as a Spark stage: documents in, the files of one dyad run out.

    spark-submit --master local[4] --files target/release/dyad \\
        examples/spark/dyad_spark.py --input docs/ --parts /tmp/parts --output out/

1. Reads the documents: text files under --input (recursively; a document's
   id is its path relative to --input, as a folder run names it), or, with
   --jsonl, JSON Lines shards of {"id", "text", "date"} records.
2. Spreads them over --partitions partitions by a hash of the id and sorts
   each partition by id, in the order a folder run reads files (path
   components compared one by one): `dyad merge` needs each part in that
   order. With --no-shuffle the input's own splits are the partitions, each
   sorted in memory: no shuffle, which is cheaper when the splits are of a
   sensible size (Hadoop's 128 MB blocks).
3. Pipes each partition through one `dyad --jsonl - --stream` process
   (mapPartitions: the records go to its standard input, its tagged JSON
   Lines come back), and saves the lines as one part file per partition
   under --parts. The dyad binary is the one shipped with `--files` (found
   with SparkFiles), else --dyad, else `dyad` on the PATH. A dyad that exits
   with an error (not 0, or 2 for documents it could not read, which are
   `error` rows) fails the task with dyad's message, and Spark retries it.
4. Merges the parts on the driver: `dyad merge OUTPUT PARTS`, which writes
   exactly the files of one dyad run over all the documents. On a cluster,
   with --parts on HDFS or S3, copy them down first (or pass --no-merge and
   run dyad merge where they are).

--edges-table also loads the partitions' edge rows as a Spark DataFrame and
merges them there (sum of documents, first and last dates): the edges as a
Spark table, for a job that goes on in Spark.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import zlib


def doc_key(doc_id):
    """The order of a folder run: path components compared one by one
    (Python compares str by code point, which is UTF-8 byte order)."""
    return tuple(doc_id.split("/"))


def find_dyad(given):
    """The dyad binary: shipped with --files, given, or on the PATH."""
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get("dyad")
        if os.path.isfile(shipped):
            if not os.access(shipped, os.X_OK):
                os.chmod(shipped, os.stat(shipped).st_mode | stat.S_IXUSR)
            return shipped
    except Exception:
        pass
    if given:
        return given
    found = shutil.which("dyad")
    if not found:
        raise RuntimeError("dyad: not shipped with --files, no --dyad, not on the PATH")
    return found


def run_dyad(records, dyad, threads):
    """Pipes one partition's records (JSON Lines strings) through dyad;
    yields its tagged JSON Lines."""
    command = [dyad, "--jsonl", "-", "--stream", "--quiet", "--threads", str(threads)]
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
        )
        failure = []

        def feed():
            try:
                for record in records:
                    proc.stdin.write(record.encode("utf-8"))
                    proc.stdin.write(b"\n")
            except BrokenPipeError:
                pass  # dyad stopped: its exit code says why
            except Exception as e:  # noqa: BLE001 - handed to the task
                failure.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for line in proc.stdout:
            yield line.decode("utf-8").rstrip("\n")
        writer.join()
        code = proc.wait()
        if failure:
            raise failure[0]
        # 2: some documents could not be read; they are `error` rows.
        if code not in (0, 2):
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"dyad exited with {code}: {message}")


def text_records(sc, root, partitions):
    """(key, record) for every file under root: id relative to root."""
    sc._jsc.hadoopConfiguration().set(
        "mapreduce.input.fileinputformat.input.dir.recursive", "true"
    )
    base = os.path.abspath(root).rstrip("/") + "/"

    def record(item):
        uri, raw = item
        path = uri.split(":", 1)[1] if uri.startswith("file:") else uri
        path = "/" + path.lstrip("/")
        doc_id = path[len(base):] if path.startswith(base) else path
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # dyad decodes such a file as Windows-1252 (with a warning);
            # here it must be text for JSON.
            text = raw.decode("cp1252", "replace")
        return doc_key(doc_id), json.dumps({"id": doc_id, "text": text})

    files = sc.binaryFiles(root, minPartitions=partitions)
    return files.filter(lambda f: f[0].endswith(".txt")).map(record)


def jsonl_records(sc, shards, partitions):
    """(key, record) for every line of the JSON Lines shards."""

    def record(line):
        try:
            doc_id = json.loads(line).get("id")
        except ValueError:
            doc_id = None
        # A line that is no record becomes dyad's `error` row wherever it
        # comes; records sort by their id.
        return (doc_key(str(doc_id)) if doc_id is not None else ()), line

    lines = sc.textFile(shards, minPartitions=partitions)
    return lines.filter(lambda l: l.strip()).map(record)


def edges_table(spark, parts):
    """The partitions' edge rows as one DataFrame, merged as dyad merges
    them."""
    from pyspark.sql import functions as F

    lines = spark.sparkContext.textFile(parts).filter(
        lambda l: l.startswith('{"table":"edge"')
    )
    if lines.isEmpty():
        return None
    rows = spark.read.json(lines)
    keys = ["relation", "kind", "source", "target", "type", "label"]
    return rows.groupBy(*keys).agg(
        F.sum("documents").alias("documents"),
        F.min("first_date").alias("first_date"),
        F.max("last_date").alias("last_date"),
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", required=True, help="folder of text files, or JSON Lines shards with --jsonl")
    parser.add_argument("--jsonl", action="store_true", help="the input is JSON Lines shards")
    parser.add_argument("--parts", required=True, help="folder for the per-partition outputs")
    parser.add_argument("--output", help="folder for the merged files (default: PARTS/../merged)")
    parser.add_argument("--partitions", type=int, default=None, help="default: Spark's default parallelism")
    parser.add_argument("--threads", type=int, default=1, help="dyad threads per task (spark.task.cpus)")
    parser.add_argument("--dyad", help="the dyad binary, when not shipped with --files nor on the PATH")
    parser.add_argument("--merge-args", default="", help="extra dyad merge flags, e.g. '--format jsonl --graph neo4j'")
    parser.add_argument(
        "--no-shuffle",
        action="store_true",
        help="keep the input's splits as the partitions, each sorted in memory (no shuffle; --partitions only hints)",
    )
    parser.add_argument("--no-merge", action="store_true", help="stop after writing the parts")
    parser.add_argument("--edges-table", action="store_true", help="also merge the edges as a Spark DataFrame")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("dyad").getOrCreate()
    sc = spark.sparkContext
    partitions = args.partitions or sc.defaultParallelism
    if args.jsonl:
        keyed = jsonl_records(sc, args.input, partitions)
    else:
        keyed = text_records(sc, args.input, partitions)
    dyad_arg, threads = args.dyad, args.threads
    if args.no_shuffle:
        # The input's own splits, each sorted in memory: no shuffle.
        records = keyed.mapPartitions(
            lambda pairs: [record for _, record in sorted(pairs, key=lambda p: p[0])]
        )
    else:
        records = keyed.repartitionAndSortWithinPartitions(
            partitions,
            partitionFunc=lambda key: zlib.crc32("/".join(key).encode("utf-8")),
        ).values()
    parts = records.mapPartitions(
        lambda records: run_dyad(records, find_dyad(dyad_arg), threads)
    )
    parts.saveAsTextFile(args.parts)
    print(f"dyad_spark: {parts.getNumPartitions()} parts in {args.parts}", file=sys.stderr)

    if args.edges_table:
        edges = edges_table(spark, args.parts)
        if edges is not None:
            edges.createOrReplaceTempView("dyad_edges")
            print(f"dyad_spark: {edges.count()} edges in the Spark table dyad_edges", file=sys.stderr)
            edges.orderBy("documents", ascending=False).show(10, truncate=False)

    if not args.no_merge:
        output = args.output or os.path.join(os.path.dirname(args.parts.rstrip("/")), "merged")
        dyad = find_dyad(args.dyad)
        command = [dyad, "merge", output, args.parts] + args.merge_args.split()
        print("dyad_spark: " + " ".join(command), file=sys.stderr)
        merged = subprocess.run(command)
        if merged.returncode != 0:
            spark.stop()
            sys.exit(merged.returncode)
    spark.stop()


if __name__ == "__main__":
    main()
