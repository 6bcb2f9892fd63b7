import { describe, expect, it } from "vitest";
import { bwrapArgs, hostLayout } from "./bwrap-args.js";
import { DEFAULT_LIMITS } from "./run-spec.js";

describe("bwrapArgs", () => {
  const args = bwrapArgs({
    layout: [
      { kind: "ro-bind", path: "/usr" },
      { kind: "symlink", path: "/bin", target: "usr/bin" },
      { kind: "ro-bind", path: "/var" },
    ],
    copyDir: "/tmp/tracegen-run-abc/work",
    limits: { ...DEFAULT_LIMITS, pids: 99, memoryMb: 100 },
    command: ["python3", "-m", "pytest"],
    statusFd: 3,
  });
  const joined = args.join(" ");

  it("unshares everything, user namespaces included, and dies with its parent", () => {
    expect(args.slice(0, 5)).toEqual([
      "--unshare-all",
      "--unshare-user",
      "--disable-userns",
      "--die-with-parent",
      "--new-session",
    ]);
    expect(joined).toContain("--cap-drop ALL --uid 65534 --gid 65534");
  });

  it("binds host paths read-only and only the copy read-write", () => {
    expect(joined).toContain("--ro-bind /usr /usr --symlink usr/bin /bin --ro-bind /var /var");
    expect(args.filter((arg) => arg === "--bind")).toHaveLength(1);
    expect(joined).toContain("--bind /tmp/tracegen-run-abc/work /work --chdir /work");
    expect(joined).toContain("--tmpfs /tmp");
    expect(joined).toContain("--tmpfs /var/tmp");
    expect(joined).toContain("--tmpfs /run");
    expect(joined).toMatch(/--remount-ro \/dev --remount-ro \/ -- prlimit/);
  });

  it("runs the command under prlimit with the pids and memory limits", () => {
    expect(args.slice(args.indexOf("prlimit"))).toEqual([
      "prlimit",
      "--nproc=99",
      `--as=${100 * 1024 * 1024}`,
      `--fsize=${1024 * 1024 * 1024}`,
      "--core=0",
      "--",
      "python3",
      "-m",
      "pytest",
    ]);
  });
});

describe("hostLayout", () => {
  it("keeps directories, keeps symlinks as symlinks, drops what is missing", () => {
    const layout = hostLayout(["/usr", "/nonexistent-tracegen", "/var/run"]);
    expect(layout[0]).toEqual({ kind: "ro-bind", path: "/usr" });
    expect(layout.some((entry) => entry.path === "/nonexistent-tracegen")).toBe(false);
  });
});
