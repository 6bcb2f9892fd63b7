export { parsePythonFile } from "./parse-file.js";
export { createParsePool, type ParsePool, type ParsePoolOptions } from "./parse-pool.js";
export type {
  CodeUnit,
  FileProblem,
  FileProblemKind,
  ParsedFile,
  ParsePythonFileOptions,
  UnitKind,
} from "./types.js";
