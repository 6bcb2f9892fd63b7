import { CoverageMap } from "./coverage-map.js";
import { CoverageError, CoverageErrorCode } from "./errors.js";
import { mapDataFromJson } from "./map-json.js";

/** Parses the extractor's `map.json`; throws `CoverageError` INVALID_MAP when it is not one. */
export function parseCoverageMap(json: string): CoverageMap {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CoverageError(CoverageErrorCode.INVALID_MAP, "coverage map: not JSON", { cause: error });
  }
  return new CoverageMap(mapDataFromJson(value));
}
