import { describe, expect, it } from "vitest";
import { splitIdentifier } from "./split-identifier.js";

describe("splitIdentifier", () => {
  it.each([
    ["parse_url", ["parse", "url"]],
    ["__init__", ["init"]],
    ["parseHTTPResponse2", ["parse", "http", "response", "2"]],
    ["XMLParser", ["xml", "parser"]],
    ["utf8_decode", ["utf", "8", "decode"]],
    ["x", ["x"]],
    ["_", []],
    ["CONSTANT_NAME", ["constant", "name"]],
    ["café_au_lait", ["café", "au", "lait"]],
  ])("%s", (name, parts) => {
    expect(splitIdentifier(name)).toEqual(parts);
  });
});
