/**
 * Helper module of the extractor: multi-line statement spans (coverage.py's own parser) and
 * the repository's static import graph, so module-level edits can reach the tests of importers.
 * Embedded as text: the run plan writes it into the repository copy.
 */
export const IMPORT_GRAPH_SCRIPT = `"""Written by @tracegen/coverage: multi-line statement spans and the repository's import graph."""
import ast
import os


def statement_spans(root, files):
    """{path: [[first, last], ...]} for statements spanning several lines, as coverage.py sees them."""
    try:
        from coverage.parser import PythonParser
    except ImportError:
        return {}
    spans = {}
    for path in files:
        try:
            parser = PythonParser(filename=os.path.join(root, path))
            parser.parse_source()
            count = len(parser.lines)
        except Exception:  # unparsable or vanished file: no spans, lines still usable
            continue
        runs = []
        for line in range(2, count + 1):
            first = parser.first_line(line)
            if first == line or first > line:
                continue
            if runs and runs[-1][0] == first and runs[-1][1] == line - 1:
                runs[-1][1] = line
            else:
                runs.append([first, line])
        if runs:
            spans[path] = runs
    return spans


def source_roots(root):
    roots = [root]
    if os.path.isdir(os.path.join(root, "src")):
        roots.append(os.path.join(root, "src"))
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry:
            roots.append(os.path.realpath(os.path.join(root, entry)))
    return roots


def pytest_basedir(path):
    """The directory pytest's default import mode puts on sys.path for a test module."""
    folder = os.path.dirname(path)
    while os.path.isfile(os.path.join(folder, "__init__.py")) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


class Resolver:
    def __init__(self, root, roots, skip):
        self.root, self.roots, self.skip, self.cache = root, roots, skip, {}

    def rel(self, path):
        if not path.startswith(self.root + os.sep):
            return None
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        return None if rel == self.skip or rel.startswith(self.skip + "/") else rel

    def at(self, base):
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(candidate):
                return self.rel(candidate)
        return None

    def module(self, name):
        if name not in self.cache:
            found = None
            for base in self.roots:
                found = self.at(os.path.join(base, *name.split(".")))
                if found:
                    break
            self.cache[name] = found
        return self.cache[name]

    def absolute(self, name, found):
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            target = self.module(".".join(parts[:end]))
            if target:
                found.add(target)

    def imports(self, path):
        """Repository files that PATH imports (anywhere in it, parents included)."""
        full = os.path.join(self.root, path)
        try:
            with open(full, "rb") as handle:
                tree = ast.parse(handle.read(), filename=full)
        except Exception:
            return set()
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.absolute(alias.name, found)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                self.absolute(node.module, found)
                for alias in node.names:
                    self.absolute(node.module + "." + alias.name, found)
            elif isinstance(node, ast.ImportFrom):
                base = os.path.dirname(full)
                for _ in range(node.level - 1):
                    base = os.path.dirname(base)
                for part in node.module.split(".") if node.module else []:
                    base = os.path.join(base, part)
                    target = self.at(base)
                    if target:
                        found.add(target)
                for alias in node.names:
                    target = self.at(os.path.join(base, alias.name))
                    if target:
                        found.add(target)
                target = self.at(base)
                if target:
                    found.add(target)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "pytest_plugins" for t in node.targets
            ):
                for item in ast.walk(node.value):
                    value = getattr(item, "value", getattr(item, "s", None))
                    if isinstance(value, str):
                        self.absolute(value, found)
        found.discard(path)
        return found


def conftests(root, test_file):
    found = []
    folder = os.path.dirname(os.path.join(root, test_file))
    while folder == root or folder.startswith(root + os.sep):
        if os.path.isfile(os.path.join(folder, "conftest.py")):
            found.append(os.path.relpath(os.path.join(folder, "conftest.py"), root).replace(os.sep, "/"))
        if folder == root:
            break
        folder = os.path.dirname(folder)
    return found


def import_edges(root, measured, test_files, skip):
    """{path: [imported repository paths]} over measured files, test files, their conftests and
    every repository file reached from them; a test file also "imports" its conftest.py files."""
    roots = source_roots(root)
    tests = [t for t in test_files if os.path.isfile(os.path.join(root, t))]
    for test in tests:
        base = pytest_basedir(os.path.join(root, test))
        if base not in roots:
            roots.append(base)
    resolver = Resolver(root, roots, skip)
    edges, queue = {}, list(measured) + tests
    extra = {test: conftests(root, test) for test in tests}
    seen = set(queue)
    while queue:
        path = queue.pop()
        targets = resolver.imports(path) | set(extra.get(path, ()))
        targets.discard(path)
        if targets:
            edges[path] = sorted(targets)
        for target in targets:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return edges
`;
