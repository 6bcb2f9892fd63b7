/** SWE-bench row formats: reading seeds documents and normalising rows. */
export {
  type ParsedRow,
  parseSeedsDocument,
  SeedsDocumentError,
  type SeedsFormat,
} from "./parse-document.js";
export { type FieldError, type SeedRow, seedContentHash } from "./seed-row.js";
export { type RowCheck, validateRow } from "./validate-row.js";
