import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "@tracegen/log";
import type Docker from "dockerode";
import { baseImageTag } from "./base-image-tag.js";
import { tarStream } from "./docker-archive.js";
import { errorText, hasImage, statusCode } from "./docker-client.js";
import { removeContainer } from "./docker-container.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { SandboxImages, TreeImageInfo } from "./types.js";

/** Label every environment image carries (value `environment`), to list and reap them. */
export const IMAGE_KIND_LABEL = "tracegen.image";

/** The script that builds base images (`--packages` for a derived one). */
export const BUILD_BASE_SCRIPT = fileURLToPath(
  new URL("../../../infra/images/build-base.sh", import.meta.url),
);

/** What the image functions need. */
export interface DockerImagesContext {
  docker: Docker;
  logger: Logger;
  /** Owner of the tree's files inside the image (the containers' user). */
  owner: { uid: number; gid: number };
  /** infra/images/build-base.sh unless given. */
  buildBaseScript?: string;
}

/** Environment images on one daemon: derived bases and snapshot trees. */
export function dockerImages(ctx: DockerImagesContext): SandboxImages {
  // One build per tag at a time in this process; the daemon's cache covers later processes.
  const building = new Map<string, Promise<unknown>>();
  const once = <T>(tag: string, build: () => Promise<T>): Promise<T> => {
    let entry = building.get(tag) as Promise<T> | undefined;
    if (!entry) {
      entry = build().finally(() => building.delete(tag));
      building.set(tag, entry);
    }
    return entry;
  };

  return {
    async ensureBase(packages) {
      const tag = baseImageTag(packages);
      if (await hasImage(ctx.docker, tag)) return tag;
      if (packages.length === 0) {
        throw new SandboxError(
          SandboxErrorCode.IMAGE_NOT_FOUND,
          `image ${tag} is not present; build it with infra/images/build-base.sh`,
        );
      }
      return once(tag, async () => {
        const script = ctx.buildBaseScript ?? BUILD_BASE_SCRIPT;
        ctx.logger.info({ image: tag, packages }, "building a base image with the profile's Debian packages");
        const started = Date.now();
        await runScript(script, ["--packages", [...packages].sort().join(",")]);
        if (!(await hasImage(ctx.docker, tag))) {
          throw new SandboxError(SandboxErrorCode.IMAGE_NOT_FOUND, `${script} did not produce ${tag}`);
        }
        ctx.logger.info({ image: tag, seconds: (Date.now() - started) / 1000 }, "base image built");
        return tag;
      });
    },

    async ensureTree({ tag, base, treeDir, labels }) {
      if (await hasImage(ctx.docker, tag)) return { image: tag, built: false };
      return once(tag, async () => {
        if (await hasImage(ctx.docker, tag)) return { image: tag, built: false };
        await buildTreeImage(ctx, tag, base, treeDir, labels);
        return { image: tag, built: true };
      });
    },

    async list() {
      const images = await ctx.docker.listImages({
        filters: { label: [`${IMAGE_KIND_LABEL}=environment`] },
      });
      const found: TreeImageInfo[] = [];
      for (const info of images) {
        for (const image of info.RepoTags ?? []) {
          if (image === "<none>:<none>") continue;
          found.push({ image, labels: info.Labels ?? {}, createdAt: new Date(info.Created * 1000) });
        }
      }
      return found.sort((a, b) => a.image.localeCompare(b.image));
    },

    async remove(image) {
      try {
        await ctx.docker.getImage(image).remove({ force: true });
      } catch (error) {
        if (statusCode(error) === 404) return;
        throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot remove ${image}: ${errorText(error)}`, {
          cause: error,
        });
      }
    },
  };
}

/**
 * A container of `base` that never runs: the tree goes to /work through the daemon's archive
 * API, and the container is committed (labels, user, working directory) and removed.
 */
async function buildTreeImage(
  ctx: DockerImagesContext,
  tag: string,
  base: string,
  treeDir: string,
  labels: Record<string, string>,
): Promise<void> {
  const [repo, version] = splitTag(tag);
  const allLabels = { ...labels, [IMAGE_KIND_LABEL]: "environment" };
  const started = Date.now();
  let container: Docker.Container;
  try {
    container = await ctx.docker.createContainer({
      Image: base,
      Cmd: ["true"],
      Entrypoint: [],
      User: `${ctx.owner.uid}:${ctx.owner.gid}`,
      WorkingDir: "/work",
      NetworkDisabled: true,
      HostConfig: { NetworkMode: "none" },
    });
  } catch (error) {
    const code = statusCode(error) === 404 ? SandboxErrorCode.IMAGE_NOT_FOUND : SandboxErrorCode.RUN_FAILED;
    throw new SandboxError(code, `cannot start building ${tag} on ${base}: ${errorText(error)}`, {
      cause: error,
    });
  }
  try {
    const tar = tarStream(treeDir, ctx.owner);
    await Promise.all([container.putArchive(tar.stream, { path: "/work" }), tar.done]);
    const changes = [
      ...Object.entries(allLabels).map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`),
      `USER ${ctx.owner.uid}:${ctx.owner.gid}`,
      "WORKDIR /work",
    ].join("\n");
    await container.commit({ repo, tag: version, changes, comment: `tracegen environment on ${base}` });
  } catch (error) {
    if (error instanceof SandboxError) throw error;
    throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot build image ${tag}: ${errorText(error)}`, {
      cause: error,
    });
  } finally {
    await removeContainer(container, ctx.logger);
  }
  ctx.logger.info({ image: tag, base, ms: Date.now() - started }, "environment image built");
}

function splitTag(tag: string): [string, string] {
  const colon = tag.lastIndexOf(":");
  if (colon <= 0 || tag.slice(colon).includes("/")) return [tag, "latest"];
  return [tag.slice(0, colon), tag.slice(colon + 1)];
}

function runScript(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error) =>
      reject(new SandboxError(SandboxErrorCode.IMAGE_NOT_FOUND, `cannot run ${script}: ${error.message}`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new SandboxError(
            SandboxErrorCode.IMAGE_NOT_FOUND,
            `${script} ${args.join(" ")} failed (exit ${code}):\n${output.trim().split("\n").slice(-15).join("\n")}`,
          ),
        );
    });
  });
}
