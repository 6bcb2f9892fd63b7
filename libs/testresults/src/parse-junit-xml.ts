import { EntityDecoder, XML } from "@nodable/entities";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { ModuleResolver, type PathHints } from "./module-path.js";
import { mergeResults, type TestResult, type TestStatus } from "./test-result.js";
import { TestResultsError, TestResultsErrorCode } from "./testresults-error.js";

/** Options for {@link parseJunitXml}. */
export interface ParseJunitOptions extends PathHints {}

type Attrs = Record<string, string>;
interface XmlNode {
  "@"?: Attrs;
  "#text"?: string;
  testsuite?: XmlNode[];
  testcase?: XmlNode[];
  failure?: (XmlNode | string)[];
  error?: (XmlNode | string)[];
  skipped?: (XmlNode | string)[];
}

const REPEATED = new Set(["testsuite", "testcase", "failure", "error", "skipped"]);
const OUTCOMES = [
  ["error", "ERROR"],
  ["failure", "FAILED"],
  ["skipped", "SKIPPED"],
] as const;

/**
 * Reads pytest's `--junitxml` report (xunit1 or xunit2, nested testsuites allowed) into one
 * result per node id. JUnit's dotted classname is mapped back to a file path (see
 * {@link ModuleResolver}); a collection error or module-level skip (empty classname, dotted
 * module as name) becomes a result whose id is the file path. `<skipped type="pytest.xfail">`
 * is XFAIL; a strict XPASS is a `<failure>` (FAILED); a non-strict XPASS is written like a
 * pass and so reads as PASSED (only the `-rA` summary tells it apart). Throws TestResultsError on malformed or non-JUnit XML.
 */
export function parseJunitXml(xml: string, options: ParseJunitOptions = {}): TestResult[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line } = valid.err;
    throw new TestResultsError(TestResultsErrorCode.BAD_XML, `malformed JUnit XML at line ${line}: ${msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    attributesGroupName: "@",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // pytest writes numeric references (`&#10;`) that the default decoder leaves alone.
    entityDecoder: new EntityDecoder({ namedEntities: XML, numericAllowed: true }),
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
  });
  const doc = parser.parse(xml) as { testsuites?: XmlNode | string; testsuite?: XmlNode[] };
  if (doc.testsuites === undefined && doc.testsuite === undefined) {
    throw new TestResultsError(TestResultsErrorCode.NOT_JUNIT, "no <testsuites> or <testsuite> at the root");
  }
  const resolver = new ModuleResolver(options);
  const results: TestResult[] = [];
  const visit = (suite: XmlNode | string) => {
    if (typeof suite === "string") return;
    for (const testcase of suite.testcase ?? []) {
      const result = readTestcase(testcase, resolver);
      if (result) results.push(result);
    }
    for (const child of suite.testsuite ?? []) visit(child);
  };
  if (doc.testsuites !== undefined) visit(doc.testsuites);
  for (const suite of doc.testsuite ?? []) visit(suite);
  return mergeResults(results);
}

function readTestcase(testcase: XmlNode, resolver: ModuleResolver): TestResult | undefined {
  const attrs = testcase["@"] ?? {};
  const name = attrs.name;
  if (name === undefined || name === "") return undefined;
  const classname = attrs.classname ?? "";
  const fileAttr = attrs.file === undefined ? {} : { fileAttr: attrs.file };
  let id: string;
  if (classname === "") {
    id = resolver.resolve(name, { ...fileAttr, whole: true }).file;
  } else {
    const { file, classes } = resolver.resolve(classname, fileAttr);
    id = [file, ...classes, name].join("::");
  }
  const time = Number.parseFloat(attrs.time ?? "");
  const [status, message] = outcome(testcase);
  return { id, status, durationS: Number.isFinite(time) ? time : 0, message };
}

function outcome(testcase: XmlNode): [TestStatus, string] {
  for (const [tag, status] of OUTCOMES) {
    const node = testcase[tag]?.[0];
    if (node === undefined) continue;
    const attrs = typeof node === "string" ? {} : (node["@"] ?? {});
    const text = typeof node === "string" ? node : (node["#text"] ?? "");
    const message = attrs.message ?? text.trim().split("\n")[0] ?? "";
    return [status === "SKIPPED" ? skipStatus(attrs) : status, message];
  }
  return ["PASSED", ""];
}

// pytest writes xfail as `<skipped type="pytest.xfail">`, and a failed report that still carries
// xfail's mark as a plain `<skipped>` with this fixed message.
function skipStatus(attrs: Attrs): TestStatus {
  if (attrs.type === "pytest.xfail") return "XFAIL";
  return attrs.message === "xfail-marked test passes unexpectedly" ? "XPASS" : "SKIPPED";
}
