import { PipelineError } from "./pipeline-error.js";

/** One solver's patch for one instance (SWE-bench / mini-swe-agent form). */
export interface Prediction {
  instanceId: string;
  /** Null when the solver gave none (`"model_patch": null`). */
  modelPatch: string | null;
  modelName: string;
}

/**
 * Reads predictions: a JSON list of `{instance_id, model_patch, model_name_or_path}`, a JSON
 * object keyed by instance id (mini-swe-agent's `preds.json`; the key stands in for a missing
 * `instance_id`), or JSON lines. An instance predicted twice is bad input.
 */
export function parsePredictions(text: string, sourceName = "predictions"): Prediction[] {
  const trimmed = text.trim();
  let items: [string | undefined, unknown][];
  const whole = trimmed === "" ? [] : tryJson(trimmed);
  if (Array.isArray(whole)) items = whole.map((v) => [undefined, v]);
  else if (typeof whole === "object" && whole !== null) {
    const value = whole as Record<string, unknown>;
    items = "instance_id" in value && "model_patch" in value ? [[undefined, value]] : Object.entries(value);
  } else
    items = trimmed
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((line, i) => [undefined, parseJson(line, `${sourceName} line ${i + 1}`)]);
  const seen = new Set<string>();
  return items.map(([key, value], i) => {
    const where = key === undefined ? `${sourceName} item ${i + 1}` : `${sourceName} "${key}"`;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new PipelineError("BAD_INPUT", `${where}: not an object`);
    const row = value as Record<string, unknown>;
    const instanceId = row.instance_id ?? key;
    if (typeof instanceId !== "string" || instanceId === "")
      throw new PipelineError("BAD_INPUT", `${where}: instance_id is missing`);
    const patch = row.model_patch;
    if (patch !== null && patch !== undefined && typeof patch !== "string")
      throw new PipelineError("BAD_INPUT", `${where}: model_patch must be a string or null`);
    if (seen.has(instanceId))
      throw new PipelineError("BAD_INPUT", `${where}: ${instanceId} is predicted twice`);
    seen.add(instanceId);
    return {
      instanceId,
      modelPatch: patch ?? null,
      modelName: typeof row.model_name_or_path === "string" ? row.model_name_or_path : "",
    };
  });
}

/** The text as one JSON document, or undefined (then it is read as JSON lines). */
function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PipelineError("BAD_INPUT", `${where}: not JSON (${(error as Error).message})`);
  }
}
