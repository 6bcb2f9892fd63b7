/**
 * The extractor run after pytest: reads coverage.py's SQLite data (tables `file`, `context`,
 * `line_bits`, decoding numbits in Python), folds pytest-cov's `nodeid|setup/run/teardown` contexts into
 * node ids, keeps the empty context as the `<import>` bucket (-1) and writes the map JSON.
 * Embedded as text: the run plan writes it into the repository copy.
 */
export const EXTRACT_SCRIPT = String.raw`"""Written by @tracegen/coverage: turns coverage.py's SQLite data into a per-test line map.

Usage: python3 extract.py DIR   (run from the repository root, after pytest)
Reads DIR/data (coverage.py SQLite, tables file/context/line_bits or arc) and DIR/tests.json
(the collected node ids), writes DIR/map.json:
  {"version": 1, "tests": [node ids], "files": {path: {line: [test index, ...]}},
   "spans": {path: [[first, last], ...]}, "imports": {path: [path, ...]}}
Test index -1 is the "<import>" bucket: lines run outside any test (collection, imports).
"""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import import_graph  # noqa: E402

PHASES = ("|setup", "|run", "|teardown")


def test_id(context):
    for phase in PHASES:
        if context.endswith(phase):
            return context[: -len(phase)]
    return context


def bits_to_int(blob):
    return int.from_bytes(bytes(blob), "little") if blob else 0


def int_lines(value):
    lines = []
    raw = value.to_bytes((value.bit_length() + 7) // 8, "little")
    for i, byte in enumerate(raw):
        if byte:
            for bit in range(8):
                if byte >> bit & 1:
                    lines.append(i * 8 + bit)
    return lines


def read_rows(db):
    """Yields (file id, context id, line bitmask) from line_bits, or from arc when branch data."""
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    if "line_bits" in tables:
        for file_id, context_id, numbits in db.execute(
            "select file_id, context_id, numbits from line_bits where length(numbits) > 0"
        ):
            yield file_id, context_id, bits_to_int(numbits)
    if "arc" in tables:
        for file_id, context_id, fromno, tono in db.execute(
            "select file_id, context_id, fromno, tono from arc"
        ):
            mask = 0
            for line in (fromno, tono):
                if line > 0:
                    mask |= 1 << line
            if mask:
                yield file_id, context_id, mask


def relative(root, path, skip):
    real = os.path.realpath(path)
    if not (real == root or real.startswith(root + os.sep)):
        return None
    rel = os.path.relpath(real, root).replace(os.sep, "/")
    return None if rel == skip or rel.startswith(skip + "/") else rel


def main():
    tg_dir = sys.argv[1]
    root = os.path.realpath(os.getcwd())
    skip = os.path.relpath(os.path.realpath(tg_dir), root).replace(os.sep, "/")
    collected = []
    try:
        with open(os.path.join(tg_dir, "tests.json")) as handle:
            collected = json.load(handle)
    except (OSError, ValueError):
        sys.stderr.write("tracegen-coverage: no collected test list; using coverage contexts only\n")
    data = os.path.join(tg_dir, "data")
    if not os.path.isfile(data):
        sys.stderr.write("tracegen-coverage: no coverage data at %s (did pytest-cov run?)\n" % data)
        sys.exit(2)
    db = sqlite3.connect("file:" + data + "?mode=ro", uri=True)
    paths = {}
    for file_id, path in db.execute("select id, path from file"):
        rel = relative(root, path, skip)
        if rel is not None:
            paths[file_id] = rel
    contexts = {cid: (test_id(name) if name else None) for cid, name in db.execute("select id, context from context")}
    masks = {}  # (path, test id or None) -> line bitmask
    for file_id, context_id, mask in read_rows(db):
        path = paths.get(file_id)
        if path is None:
            continue
        key = (path, contexts.get(context_id))
        masks[key] = masks.get(key, 0) | mask
    db.close()
    tests = sorted(set(collected) | {test for _, test in masks if test is not None})
    index = {test: i for i, test in enumerate(tests)}
    files = {}
    for (path, test), mask in sorted(masks.items(), key=lambda item: (item[0][0], -1 if item[0][1] is None else index[item[0][1]])):
        lines = files.setdefault(path, {})
        number = -1 if test is None else index[test]
        for line in int_lines(mask):
            lines.setdefault(str(line), []).append(number)
    test_files = sorted({test.split("::", 1)[0] for test in tests if "::" in test})
    result = {
        "version": 1,
        "tests": tests,
        "files": files,
        "spans": import_graph.statement_spans(root, sorted(files)),
        "imports": import_graph.import_edges(root, sorted(files), test_files, skip),
    }
    out = os.path.join(tg_dir, "map.json")
    with open(out + ".tmp", "w") as handle:
        json.dump(result, handle, separators=(",", ":"))
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
`;
