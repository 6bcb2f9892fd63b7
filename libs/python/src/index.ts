export { parsePythonFile } from "./parse-file.js";
export type {
  CodeUnit,
  FileProblem,
  FileProblemKind,
  ParsedFile,
  ParsePythonFileOptions,
  UnitKind,
} from "./types.js";
