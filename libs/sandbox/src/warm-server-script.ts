/**
 * The warm worker's server (Python, run as \`python -c\` inside the sandbox; see warm-pool.ts).
 * It imports the configured modules once (pytest), then before each run (on a \`reset\` request,
 * sent once the previous run's files are collected, or else at the run itself): kills whatever
 * the previous run left (SIGKILL to every process it may signal), empties /tmp, /var/tmp,
 * /dev/shm and SysV IPC, and makes /work a fresh copy of the read-only base (\`cp\`). A run
 * request lays its changed files over that copy and forks a child that takes the state of a fresh \`python -c CODE ARGS\` in
 * /work (cwd, sys.path, stdio, argv, a new __main__, rlimits, its own process group) and runs
 * the code. A child may ask for one continuation (\`__warm_continue__(args)\`): the same code
 * in another fresh fork of the server, in the same tree, output discarded (a confirming pass).
 * The server kills the child at the request's deadline. It is not dumpable, so a child cannot
 * read its memory or reach its file descriptors; it never imports anything from /work.
 * Requests come on stdin, one JSON document a line; answers go to stdout the same way.
 */
export const WARM_SERVER_SCRIPT = String.raw`import base64, builtins, ctypes, gc, importlib, io, json, os, resource, select, signal, stat, subprocess, sys, time, traceback, types

CONFIG = json.loads(sys.argv[1])
WORK = CONFIG["work"]
BASE = CONFIG["base"]
LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_DUMPABLE = 4

# The protocol: requests on fd 0, one JSON document a line; answers on a private copy of fd 1.
PROTO_IN = os.fdopen(os.dup(0), "rb", buffering=0)
PROTO_OUT = os.dup(1)
NULL = os.open(os.devnull, os.O_RDWR)
os.dup2(NULL, 0)
os.dup2(NULL, 1)

# Children must not reach this process: not dumpable, so its /proc entries and memory are root's.
LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

# What "python -c" started in WORK would have on sys.path; the parent itself never looks there.
CHILD_PATH = list(sys.path)
sys.path[:] = [p for p in sys.path if p != "" and p != WORK and not p.startswith(WORK + "/")]
for name in CONFIG["preload"]:
    importlib.import_module(name)
for name in CONFIG.get("preload_plugins", []):
    try:
        module = importlib.import_module(name)
        for plugin in getattr(module, "default_plugins", ()):
            importlib.import_module("_pytest." + plugin)
    except Exception:
        pass
sys.path_importer_cache.clear()

WAKE_R, WAKE_W = os.pipe()
os.set_blocking(WAKE_W, False)
signal.signal(signal.SIGCHLD, lambda *_: None)
signal.set_wakeup_fd(WAKE_W)

RLIMITS = {
    "as": resource.RLIMIT_AS,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "core": resource.RLIMIT_CORE,
}


def send(message):
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(PROTO_OUT, data):]


class Capped:
    def __init__(self, cap):
        self.head_cap = cap // 2
        self.tail_cap = cap - self.head_cap
        self.head = bytearray()
        self.tail = bytearray()
        self.dropped = 0

    def add(self, chunk):
        room = self.head_cap - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            excess = len(self.tail) - self.tail_cap
            if excess > 0:
                del self.tail[:excess]
                self.dropped += excess

    def report(self):
        return {
            "head": base64.b64encode(bytes(self.head)).decode(),
            "tail": base64.b64encode(bytes(self.tail)).decode(),
            "dropped": self.dropped,
        }


def others():
    """Processes of the sandbox other than its init and this server that are not zombies."""
    me = os.getpid()
    alive = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in (1, me):
            continue
        try:
            with open("/proc/" + name + "/stat", "rb") as f:
                text = f.read()
            if text[text.rindex(b")") + 2 : text.rindex(b")") + 3] not in (b"Z", b"X"):
                alive.append(int(name))
        except (OSError, ValueError):
            pass
    return alive


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def sweep():
    """Kills every process a run left (SIGKILL to all this user may signal); False if some survive."""
    deadline = time.monotonic() + 5
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        reap()
        if not others():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)


def remove_tree(path):
    """rm -rf that also gets through what a run made unreadable (chmod 000)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    for entry in os.listdir(path):
        remove_tree(os.path.join(path, entry))
    os.rmdir(path)


def empty_dir(path):
    try:
        entries = os.listdir(path)
    except OSError:
        return
    for entry in entries:
        try:
            remove_tree(os.path.join(path, entry))
        except OSError:
            pass


def clear_ipc():
    for kind, cmd in (("shm", "shmctl"), ("sem", "semctl"), ("msg", "msgctl")):
        try:
            with open("/proc/sysvipc/" + kind) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 1:
                getattr(LIBC, cmd)(int(fields[1]), 0, None)  # IPC_RMID


def oom_kills():
    """OOM kills in this sandbox's memory cgroup so far (Docker); 0 where the cgroup is not the sandbox's own."""
    if not CONFIG.get("oom"):
        return 0
    for path, key in (("/sys/fs/cgroup/memory.events", "oom_kill"), ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill")):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except OSError:
            pass
    return 0


def inside(path):
    normal = os.path.normpath(path)
    if os.path.isabs(normal) or normal == ".." or normal.startswith("../") or normal == ".":
        raise ValueError("path leaves the tree: " + path)
    return os.path.join(WORK, normal)


def fresh_copy():
    """WORK emptied and the base copied into it."""
    empty_dir(WORK)
    done = subprocess.run(
        ["cp", "-R", "-P", "--preserve=mode,timestamps", "--", BASE + "/.", WORK + "/"],
        stdin=NULL, stdout=NULL, stderr=subprocess.PIPE,
    )
    if done.returncode != 0:
        raise OSError("copying the base failed: " + done.stderr.decode(errors="replace")[-500:])


def apply_changes(changed, deleted):
    """The run's own changes over the fresh copy."""
    for path in deleted:
        remove_tree(inside(path))
    for item in changed:
        target = inside(item["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target) and not os.path.isdir(target):
            os.unlink(target)
        with open(target, "xb") as f:
            f.write(base64.b64decode(item["data"]))
        os.chmod(target, item["mode"] & 0o7777)
        os.utime(target, ns=(item["mtime_ns"], item["mtime_ns"]))


def child_main(code, args, out, err, ctl, limits, discard):
    """In the forked child: the state of a fresh "python -c code args..." in WORK, then the code."""
    try:
        os.setpgid(0, 0)
        LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.dup2(NULL, 0)
        os.dup2(NULL if discard else out, 1)
        os.dup2(NULL if discard else err, 2)
        os.closerange(3, ctl)
        os.closerange(ctl + 1, 65536)
        for name, value in (limits or {}).items():
            resource.setrlimit(RLIMITS[name], (value, value))
        os.chdir(WORK)
        sys.path[:] = CHILD_PATH
        # The parent never looked in WORK; whatever it cached elsewhere revalidates by mtime.
        for key in [k for k in sys.path_importer_cache if k == "" or k == WORK or k.startswith(WORK + "/")]:
            del sys.path_importer_cache[key]
        sys.stdin = sys.__stdin__ = io.open(0, "r", closefd=False)
        sys.stdout = sys.__stdout__ = io.open(1, "w", closefd=False)
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(
            io.open(2, "wb", closefd=False), errors="backslashreplace", line_buffering=True
        )
        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = builtins

        def warm_continue(next_args):
            data = json.dumps([str(a) for a in next_args]).encode()
            while data:
                data = data[os.write(ctl, data):]

        main.__dict__["__warm_continue__"] = warm_continue
        sys.modules["__main__"] = main
        sys.argv = ["-c"] + list(args)
        gc.enable()
    except BaseException:
        try:
            os.write(2, traceback.format_exc().encode())
        finally:
            os._exit(125)
    status = 0
    try:
        exec(compile(code, "<string>", "exec"), main.__dict__)
    except SystemExit as e:
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code
        else:
            print(e.code, file=sys.stderr)
            status = 1
    except BaseException:
        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit(status & 0xFF)


def run_pass(code, args, deadline, cap, limits, discard):
    """One forked child; returns (exit status or None on timeout, stdout, stderr, continuation args)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    ctl_r, ctl_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_r); os.close(err_r); os.close(ctl_r)
        child_main(code, args, out_w, err_w, ctl_w, limits, discard)
    os.close(out_w); os.close(err_w); os.close(ctl_w)
    outputs = {out_r: Capped(cap), err_r: Capped(cap)}
    control = bytearray()
    open_fds = {out_r, err_r, ctl_r}
    status = None
    exited = False
    timed_out = False

    def drain(fd):
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            open_fds.discard(fd)
            return
        if fd == ctl_r:
            if len(control) < (16 << 20):
                control.extend(chunk)
        else:
            outputs[fd].add(chunk)

    for fd in open_fds:
        os.set_blocking(fd, False)
    while not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select(list(open_fds) + [WAKE_R], [], [], min(remaining, 1.0))
        for fd in ready:
            if fd == WAKE_R:
                try:
                    os.read(WAKE_R, 4096)
                except BlockingIOError:
                    pass
            else:
                drain(fd)
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            exited = True
            status = os.waitstatus_to_exitcode(raw)
    # Whatever the child left behind goes now; the pipes then reach their end.
    clean = sweep()
    for fd in list(open_fds):
        while fd in open_fds:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                break
            drain(fd)
    for fd in (out_r, err_r, ctl_r):
        os.close(fd)
    if timed_out or status is None:
        code_out = None
    else:
        code_out = 128 - status if status < 0 else status
    next_args = None
    if control:
        try:
            next_args = [str(a) for a in json.loads(control.decode())]
        except ValueError:
            next_args = None
    return code_out, timed_out, outputs[out_r], outputs[err_r], next_args, clean


def reset():
    """Everything a run left gone, and WORK a fresh copy of the base: the state every run starts from."""
    global PRISTINE
    PRISTINE = False
    if not sweep():
        return False
    empty_dir("/tmp"); empty_dir("/var/tmp"); empty_dir("/dev/shm")
    clear_ipc()
    fresh_copy()
    PRISTINE = True
    return True


def handle(request):
    global PRISTINE
    started = time.monotonic()
    deadline = started + request["timeout_ms"] / 1000
    if not PRISTINE and not reset():
        return {"fatal": "leftover processes survive SIGKILL"}
    PRISTINE = False
    apply_changes(request.get("changed", []), request.get("deleted", []))
    ooms = oom_kills()
    cap = request["output_bytes"]
    limits = request.get("rlimits")
    code, timed_out, out, err, next_args, clean = run_pass(request["code"], request["args"], deadline, cap, limits, False)
    passes = 1
    while clean and not timed_out and next_args is not None and passes < request.get("max_passes", 1):
        passes += 1
        _, timed_out, _, _, next_args, clean = run_pass(request["code"], next_args, deadline, 1024, limits, True)
    answer = {
        "id": request["id"],
        "exit": None if timed_out else code,
        "timed_out": timed_out,
        "oom": oom_kills() > ooms,
        "stdout": out.report(),
        "stderr": err.report(),
        "passes": passes,
        "duration_ms": (time.monotonic() - started) * 1000,
    }
    if not clean:
        answer["fatal"] = "leftover processes survive SIGKILL"
    return answer


PRISTINE = False
gc.collect()
gc.freeze()
send({"ready": True, "pid": os.getpid()})
buffer = b""
while True:
    chunk = PROTO_IN.read(65536)
    if not chunk:
        break
    buffer += chunk
    while b"\n" in buffer:
        line, _, buffer = buffer.partition(b"\n")
        try:
            request = json.loads(line)
        except ValueError:
            send({"fatal": "bad request"})
            continue
        try:
            if request.get("op") == "reset":
                # No answer: the host goes on while the next run's tree is made.
                if not reset():
                    send({"fatal": "leftover processes survive SIGKILL"})
            else:
                send(handle(request))
        except Exception:
            send({"id": request.get("id"), "fatal": traceback.format_exc()[-2000:]})
os._exit(0)
`;
