/**
 * Test support: a page in headless Chromium, driven over the DevTools protocol through
 * `--remote-debugging-pipe` (JSON messages separated by NUL on file descriptors 3 and 4), so
 * no WebSocket client or browser package is needed.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** The Chromium binary on PATH, if any. */
export function findChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** A loaded page. */
export interface Page {
  /** Evaluates a JavaScript expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Saves a PNG of the whole page (not only the viewport), or of the band `from`..`from + height` px. */
  screenshot(path: string, band?: { from: number; height: number }): Promise<void>;
  /** Changes the window's size (the page re-lays itself out). */
  resize(width: number, height?: number): Promise<void>;
  /** Console errors, uncaught exceptions and browser log errors (CSP violations, failed loads). */
  errors: string[];
  close(): Promise<void>;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Opens `url` in a new headless Chromium at `width`×`height` and waits for its load event. */
export async function openPage(binary: string, url: string, width = 1280, height = 900): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), "report-chromium-"));
  const child: ChildProcess = spawn(
    binary,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--remote-debugging-pipe",
      "--no-first-run",
      "--no-default-browser-check",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    // Its own process group, so closing can end the helper processes it forks too.
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"], detached: true },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve(r: Record<string, unknown>): void; reject(e: Error): void }>();
  const listeners: ((m: Message) => void)[] = [];
  let buffer = "";
  output.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let end = buffer.indexOf("\0");
    while (end >= 0) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      end = buffer.indexOf("\0");
      if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result ?? {});
      } else {
        for (const listener of listeners) listener(message);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`chromium exited: ${stderr}`));
    pending.clear();
  });
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const close = async () => {
    try {
      await Promise.race([send("Browser.close"), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group has ended
    }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };

  try {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as {
      sessionId: string;
    };
    const session = (method: string, params: Record<string, unknown> = {}) => send(method, params, sessionId);
    const errors: string[] = [];
    listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params ?? {};
      if (m.method === "Runtime.consoleAPICalled" && p.type === "error") errors.push(JSON.stringify(p.args));
      if (m.method === "Runtime.exceptionThrown") errors.push(JSON.stringify(p.exceptionDetails));
      const entry = p.entry as { level?: string; text?: string } | undefined;
      if (m.method === "Log.entryAdded" && entry?.level === "error") errors.push(entry.text ?? "");
    });
    await session("Runtime.enable");
    await session("Log.enable");
    await session("Page.enable");
    const resize = async (w: number, h = height) => {
      await session("Emulation.setDeviceMetricsOverride", {
        width: w,
        height: h,
        deviceScaleFactor: 1,
        mobile: false,
      });
    };
    await resize(width);
    const loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("page did not load in 20 s")), 20_000);
      listeners.push((m) => {
        if (m.sessionId === sessionId && m.method === "Page.loadEventFired") {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const navigated = await session("Page.navigate", { url });
    if (typeof navigated.errorText === "string") throw new Error(`navigation failed: ${navigated.errorText}`);
    await loaded;
    return {
      errors,
      close,
      resize,
      async evaluate<T>(expression: string) {
        const reply = await session("Runtime.evaluate", {
          expression,
          returnByValue: true,
          awaitPromise: true,
        });
        if (reply.exceptionDetails)
          throw new Error(`page script failed: ${JSON.stringify(reply.exceptionDetails)}`);
        return (reply.result as { value: T }).value;
      },
      async screenshot(path: string, band?: { from: number; height: number }) {
        const metrics = (await session("Page.getLayoutMetrics")) as {
          cssContentSize: { width: number; height: number };
        };
        const { width: w, height: h } = metrics.cssContentSize;
        const y = band?.from ?? 0;
        const shot = await session("Page.captureScreenshot", {
          format: "png",
          captureBeyondViewport: true,
          clip: { x: 0, y, width: Math.max(w, width), height: Math.min(band?.height ?? h, h - y), scale: 1 },
        });
        writeFileSync(path, Buffer.from(shot.data as string, "base64"));
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
