// The fixture: a small real Python project (src/ layout) whose test files each play one
// verdict-relevant case: passing, failing, looping, fork-bombing, hogging memory, reaching
// for the network, writing outside the repository.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";

const FILES: Record<string, string> = {
  "src/calc/__init__.py": `def add(a, b):\n    return a + b\n\n\ndef div(a, b):\n    return a / b\n`,
  "tests/test_pass.py": `from calc import add, div\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_div():\n    assert div(6, 3) == 2\n`,
  "tests/test_fail.py": `from calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n\n\ndef test_add_wrong():\n    assert add(2, 2) == 5\n`,
  "tests/test_loop.py": `def test_forever():\n    n = 0\n    while True:\n        n += 1\n`,
  "tests/test_forkbomb.py": `import os
import time


def test_fork_bomb():
    children, limited = [], False
    for _ in range(3000):
        try:
            pid = os.fork()
        except OSError:
            limited = True
            break
        if pid == 0:
            try:
                os.fork()  # every child tries to grow the tree too
            except OSError:
                pass
            time.sleep(60)
            os._exit(0)
        children.append(pid)
    with open("bomb.txt", "w") as out:
        out.write(f"{len(children)} {limited}")
    for pid in children:
        os.kill(pid, 9)
    assert limited
`,
  "tests/test_memory.py": `def test_hog():
    chunks = []
    for _ in range(64):  # 64 x 64 MiB = 4 GiB, every page touched
        chunks.append(b"\\x01" * (64 * 1024 * 1024))
    assert len(chunks) == 64
`,
  "tests/test_network.py": `import json
import os
import socket


def attempt(make):
    try:
        make()
        return "connected"
    except OSError as error:
        return f"failed: {error}"


def test_network():
    port = int(os.environ["HOST_PORT"])
    results = {
        "loopback": attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close()),
        "internet": attempt(lambda: socket.create_connection(("1.1.1.1", 80), timeout=2).close()),
        "dns": attempt(lambda: socket.getaddrinfo("deb.debian.org", 80)),
        "docker_socket": attempt(
            lambda: socket.socket(socket.AF_UNIX).connect("/var/run/docker.sock")
        ),
    }
    with open("network.json", "w") as out:
        json.dump(results, out)
    assert all(value.startswith("failed") for value in results.values()), results
`,
  "tests/test_escape.py": `import json
import os


def attempt(path):
    try:
        with open(path, "w") as out:
            out.write("escaped")
        return "written"
    except OSError as error:
        return f"failed: {error}"


def test_escape():
    targets = json.loads(os.environ["TARGETS"])
    results = {path: attempt(path) for path in targets}
    # A symlink in place of a collected report must not make the host read its target.
    os.symlink(os.environ["SECRET"], "report.xml")
    os.symlink("/etc/hostname", "hostname.txt")
    with open("escape.json", "w") as out:
        json.dump(results, out)
`,
};

/** Writes the fixture repository into a fresh directory under /var/tmp (which neither sandbox shows). */
export async function makeFixtureRepo(): Promise<string> {
  const root = await mkdtemp("/var/tmp/tracegen-fixture-");
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}
