#!/usr/bin/env python3
"""Builds a fixture git repository from a ``history/`` folder and derives SWE-bench seed rows.

Layout of a history folder (directories are applied in name order)::

    00-initial/commit.json + tree/       the first commit: the whole tree, copied as is
    NN-slug/commit.json + change.patch   every later commit: a git patch applied on top
    NN-slug/issue.md                     fix commits only: the seed's problem statement

``commit.json`` holds ``date`` (ISO 8601), ``author`` (``name``, ``email``), ``message`` and,
for fix commits, ``seed`` (the number in the instance id).

For every fix commit the seed row's ``patch`` is the commit's diff restricted to non-test
files and ``test_patch`` the diff of test files. FAIL_TO_PASS and PASS_TO_PASS come from real
pytest runs of the test files the test patch touches: at the parent with the test patch
applied, then again with the fix applied. The build fails when a fix has no failing test or
leaves a test failing.

Everything is deterministic (fixed identities and dates, no user or system git config, one
pack thread), so commit SHAs, the bundle and the seed files are byte-identical on every run.
Only Debian's python3 with python3-pytest and git are needed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

PYTHON = "/usr/bin/python3"
TEST_DIRS = {"test", "tests", "testing"}

# A pytest plugin that records every test's outcome as JSON, so node ids never have to be
# scraped from terminal output.
REPORT_PLUGIN = '''
import json, os
_outcomes = {}
def pytest_runtest_logreport(report):
    previous = _outcomes.get(report.nodeid)
    if report.failed:
        _outcomes[report.nodeid] = "failed"
    elif report.skipped and previous is None:
        _outcomes[report.nodeid] = "skipped"
    elif report.when == "call" and report.passed and previous is None:
        _outcomes[report.nodeid] = "passed"
def pytest_sessionfinish(session):
    with open(os.environ["FIXTURE_REPO_REPORT"], "w") as out:
        json.dump(_outcomes, out)
'''


class BuildError(Exception):
    """A history folder that does not build into valid seeds."""


def git_env(home: Path) -> Dict[str, str]:
    """An environment that ignores user and system git config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
        TZ="UTC",
    )
    return env


def git(cwd: Path, env: Dict[str, str], *args: str, stdin: Optional[bytes] = None) -> bytes:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise BuildError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def is_test_path(path: str) -> bool:
    """SWE-bench's split: files under a test directory, test_*.py, *_test.py and conftest.py."""
    parts = path.split("/")
    name = parts[-1]
    return (
        any(part in TEST_DIRS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def copy_tree(src: Path, dst: Path) -> None:
    """Copies the initial tree, normalising modes to 644/755 so the umask cannot change SHAs."""
    shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
    for path in sorted(dst.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        executable = path.stat().st_mode & 0o100
        path.chmod(0o755 if executable else 0o644)


class Commit:
    """One commit of the built history."""

    def __init__(self, step: str, meta: dict, sha: str, parent: Optional[str], issue: Optional[str]):
        self.step = step
        self.meta = meta
        self.sha = sha
        self.parent = parent
        self.issue = issue


def build_repo(history: Path, repo: Path, env: Dict[str, str]) -> List[Commit]:
    """Creates the repository at ``repo`` and returns its commits, oldest first."""
    git(repo.parent, env, "init", "-q", "-b", "main", str(repo))
    git(repo, env, "config", "core.autocrlf", "false")
    git(repo, env, "config", "core.fileMode", "true")
    commits: List[Commit] = []
    for step_dir in sorted(p for p in history.iterdir() if p.is_dir()):
        meta = json.loads((step_dir / "commit.json").read_text(encoding="utf-8"))
        if (step_dir / "tree").is_dir():
            if commits:
                raise BuildError(f"{step_dir.name}: only the first step may have a tree/")
            copy_tree(step_dir / "tree", repo)
        else:
            git(repo, env, "apply", "--index", str(step_dir / "change.patch"))
        git(repo, env, "add", "-A")
        author = meta["author"]
        commit_env = dict(
            env,
            GIT_AUTHOR_NAME=author["name"],
            GIT_AUTHOR_EMAIL=author["email"],
            GIT_AUTHOR_DATE=meta["date"],
            GIT_COMMITTER_NAME=author["name"],
            GIT_COMMITTER_EMAIL=author["email"],
            GIT_COMMITTER_DATE=meta["date"],
        )
        git(repo, commit_env, "commit", "-q", "--no-verify", "-m", meta["message"])
        sha = git(repo, env, "rev-parse", "HEAD").decode().strip()
        issue_path = step_dir / "issue.md"
        issue = issue_path.read_text(encoding="utf-8") if issue_path.exists() else None
        if ("seed" in meta) != (issue is not None):
            raise BuildError(f"{step_dir.name}: a fix step needs both 'seed' and issue.md")
        parent = commits[-1].sha if commits else None
        commits.append(Commit(step_dir.name, meta, sha, parent, issue))
    return commits


def write_bundle(repo: Path, env: Dict[str, str], out: Path) -> None:
    git(repo, env, "-c", "pack.threads=1", "bundle", "create", "-q", str(out), "--all")


def diff(repo: Path, env: Dict[str, str], old: str, new: str, paths: List[str]) -> str:
    if not paths:
        return ""
    literal = dict(env, GIT_LITERAL_PATHSPECS="1")
    args = ["diff", "--binary", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"]
    return git(repo, literal, *args, old, new, "--", *paths).decode("utf-8")


def split_patch(repo: Path, env: Dict[str, str], old: str, new: str) -> Tuple[str, str]:
    """The (patch, test_patch) pair of the change from ``old`` to ``new``."""
    names = git(repo, env, "diff", "--name-only", "-z", "--no-renames", old, new).decode().split("\0")
    names = [n for n in names if n]
    code = [n for n in names if not is_test_path(n)]
    tests = [n for n in names if is_test_path(n)]
    return diff(repo, env, old, new, code), diff(repo, env, old, new, tests)


def changed_files(patch: str) -> List[str]:
    files = []
    for line in patch.splitlines():
        if line.startswith("+++ b/"):
            files.append(line[len("+++ b/") :])
    return files


def export_tree(repo: Path, env: Dict[str, str], commit: str, dest: Path) -> None:
    data = git(repo, env, "archive", "--format=tar", commit)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(dest)


def apply_in_dir(cwd: Path, env: Dict[str, str], patch: str) -> None:
    if patch:
        git(cwd, env, "apply", "-", stdin=patch.encode("utf-8"))


def run_pytest(cwd: Path, work: Path, files: List[str]) -> Dict[str, str]:
    """Runs pytest on ``files`` and returns each node id's outcome, in run order."""
    plugin_dir = work / "plugin"
    plugin_dir.mkdir(exist_ok=True)
    (plugin_dir / "fixture_repo_report.py").write_text(REPORT_PLUGIN, encoding="utf-8")
    report = work / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PYTHON"))}
    env.update(
        PYTHONPATH=f"src{os.pathsep}{plugin_dir}",
        PYTHONDONTWRITEBYTECODE="1",
        FIXTURE_REPO_REPORT=str(report),
    )
    args = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "fixture_repo_report", *files]
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, timeout=300)
    if not report.exists():
        raise BuildError(f"pytest did not run in {cwd}: {proc.stdout.decode()}{proc.stderr.decode()}")
    outcomes = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return outcomes


def test_lists(repo: Path, env: Dict[str, str], commit: Commit, patch: str, test_patch: str, work: Path):
    """FAIL_TO_PASS and PASS_TO_PASS of one fix, from real runs before and after the fix."""
    tree = work / f"run-{commit.sha[:12]}"
    export_tree(repo, env, commit.parent or "", tree)
    apply_in_dir(tree, env, test_patch)
    files = sorted(set(changed_files(test_patch)))
    before = run_pytest(tree, work, files)
    apply_in_dir(tree, env, patch)
    after = run_pytest(tree, work, files)
    shutil.rmtree(tree)
    broken = [node for node, outcome in after.items() if outcome != "passed"]
    if broken:
        raise BuildError(f"{commit.step}: tests still fail after the fix: {broken}")
    f2p = [node for node in after if before.get(node) != "passed"]
    p2p = [node for node in after if before.get(node) == "passed"]
    if not f2p or not p2p:
        raise BuildError(f"{commit.step}: needs FAIL_TO_PASS and PASS_TO_PASS, got {f2p} / {p2p}")
    return f2p, p2p


def seed_rows(repo: Path, env: Dict[str, str], commits: List[Commit], name: str, work: Path) -> List[dict]:
    """One SWE-bench row per fix commit, in history order."""
    owner, repo_name = name.split("/")
    rows = []
    for commit in commits:
        if commit.issue is None or commit.parent is None:
            continue
        patch, test_patch = split_patch(repo, env, commit.parent, commit.sha)
        f2p, p2p = test_lists(repo, env, commit, patch, test_patch, work)
        rows.append(
            {
                "repo": name,
                "instance_id": f"{owner}__{repo_name}-{commit.meta['seed']}",
                "base_commit": commit.parent,
                "patch": patch,
                "test_patch": test_patch,
                "problem_statement": commit.issue,
                "hints_text": "",
                "created_at": commit.meta["date"],
                "version": "0.1",
                "FAIL_TO_PASS": json.dumps(f2p),
                "PASS_TO_PASS": json.dumps(p2p),
                "environment_setup_commit": commit.parent,
            }
        )
    return rows


def jsonl(rows: List[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def keyed_json(rows: List[dict]) -> str:
    """The rows as one object keyed by instance_id, with test lists as real arrays."""
    keyed = {}
    for row in rows:
        entry = dict(row)
        entry["FAIL_TO_PASS"] = json.loads(row["FAIL_TO_PASS"])
        entry["PASS_TO_PASS"] = json.loads(row["PASS_TO_PASS"])
        keyed[row["instance_id"]] = entry
    return format_json(keyed) + "\n"


def format_json(value: object, indent: str = "", column: int = 0, tail: str = "") -> str:
    """JSON laid out the way the repo's formatter (biome) does, so `biome check` leaves it alone:
    objects always expanded, an array on one line when it fits in 110 columns. ``column`` is
    where the value starts on its line and ``tail`` what follows it there (a comma)."""
    if isinstance(value, dict) and value:
        inner = indent + "  "
        lines = []
        for index, (key, item) in enumerate(value.items()):
            comma = "," if index < len(value) - 1 else ""
            head = f"{inner}{json.dumps(key, ensure_ascii=False)}: "
            lines.append(head + format_json(item, inner, len(head), comma) + comma)
        return "{\n" + "\n".join(lines) + "\n" + indent + "}"
    if isinstance(value, list) and value:
        flat = "[" + ", ".join(format_json(item, indent) for item in value) + "]"
        if "\n" not in flat and column + len(flat) + len(tail) <= 110:
            return flat
        inner = indent + "  "
        lines = []
        for index, item in enumerate(value):
            comma = "," if index < len(value) - 1 else ""
            lines.append(inner + format_json(item, inner, len(inner), comma) + comma)
        return "[\n" + "\n".join(lines) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def build(history: Path, work: Path, name: str) -> Tuple[Path, List[Commit], List[dict], Dict[str, str]]:
    """Builds the repository under ``work`` and derives its seed rows."""
    env = git_env(work)
    repo = work / "repo"
    commits = build_repo(history, repo, env)
    rows = seed_rows(repo, env, commits, name, work)
    return repo, commits, rows, env


def publish(files: Dict[str, bytes], out: Path, check: bool) -> bool:
    """Writes ``files`` into ``out``, or with ``check`` reports whether they already match."""
    same = True
    for file_name, data in files.items():
        target = out / file_name
        if check:
            if not target.exists() or target.read_bytes() != data:
                print(f"differs: {target}", file=sys.stderr)
                same = False
        else:
            target.write_bytes(data)
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repo", required=True, help="owner/name used in the seed rows")
    parser.add_argument("--check", action="store_true", help="verify the outputs instead of writing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fixture-repo-") as tmp:
        work = Path(tmp)
        repo, commits, rows, env = build(args.history.resolve(), work, args.repo)
        write_bundle(repo, env, work / "repo.bundle")
        files = {
            "repo.bundle": (work / "repo.bundle").read_bytes(),
            "seeds.jsonl": jsonl(rows).encode("utf-8"),
            "seeds.json": keyed_json(rows).encode("utf-8"),
        }
        for commit in commits:
            print(f"{commit.sha} {commit.step}", file=sys.stderr)
        ok = publish(files, args.out, args.check)
    print(f"{len(rows)} seeds {'checked' if args.check else 'written'}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
