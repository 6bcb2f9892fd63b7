import type { FieldError, SeedRow } from "./seed-row.js";
import { validateRow } from "./validate-row.js";

/** The shape of a seeds document. */
export type SeedsFormat = "json" | "jsonl";

/** One row of a document: 1-based `row` is the line for .jsonl, the position for .json. */
export type ParsedRow =
  | { row: number; ok: true; seed: SeedRow }
  | { row: number; ok: false; instanceId: string | undefined; errors: FieldError[] };

/** A document that cannot be read as rows at all (not one row can be salvaged). */
export class SeedsDocumentError extends Error {
  override readonly name = "SeedsDocumentError";
}

/**
 * Reads a seeds document: a JSON list of rows, a JSON object keyed by instance_id, or JSONL.
 * Without `format` it is detected: text that parses as one JSON list or id-keyed object is
 * .json, anything else is read line by line. A bad line or row is reported with its number and
 * never hides the good rows beside it.
 */
export function parseSeedsDocument(content: string, format?: SeedsFormat): ParsedRow[] {
  const text = content.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new SeedsDocumentError("the seeds document is empty");
  if (format === "jsonl") return parseJsonl(text);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    if (format === "json") throw new SeedsDocumentError(`not valid JSON: ${(error as Error).message}`);
    return parseJsonl(text);
  }
  if (Array.isArray(whole)) return whole.map((value, i) => rowOf(i + 1, value));
  if (whole !== null && typeof whole === "object") {
    const object = whole as Record<string, unknown>;
    // A single row (a one-line .jsonl) carries its own instance_id.
    if (typeof object.instance_id === "string") return [rowOf(1, object)];
    return Object.entries(object).map(([key, value], i) => keyedRowOf(i + 1, key, value));
  }
  throw new SeedsDocumentError("expected a JSON list of rows, a JSON object keyed by instance_id, or JSONL");
}

function parseJsonl(text: string): ParsedRow[] {
  const rows: ParsedRow[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      rows.push({ row: i + 1, ok: false, instanceId: undefined, errors: [jsonError(error)] });
      continue;
    }
    rows.push(rowOf(i + 1, value));
  }
  return rows;
}

function rowOf(row: number, value: unknown): ParsedRow {
  const check = validateRow(value);
  return check.ok
    ? { row, ok: true, seed: check.row }
    : { row, ok: false, instanceId: check.instanceId, errors: check.errors };
}

function keyedRowOf(row: number, key: string, value: unknown): ParsedRow {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (object.instance_id === undefined) return rowOf(row, { ...object, instance_id: key });
    if (object.instance_id !== key) {
      return {
        row,
        ok: false,
        instanceId: key,
        errors: [
          { field: "instance_id", message: `"${String(object.instance_id)}" differs from its key "${key}"` },
        ],
      };
    }
  }
  return rowOf(row, value);
}

function jsonError(error: unknown): FieldError {
  return { field: "(json)", message: `malformed JSON: ${(error as Error).message}` };
}
