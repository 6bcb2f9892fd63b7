import { describe, expect, it } from "vitest";
import { parseJunitXml } from "./parse-junit-xml.js";
import { TestResultsError, TestResultsErrorCode } from "./testresults-error.js";

const suite = (cases: string) =>
  `<?xml version="1.0" encoding="utf-8"?><testsuite name="pytest">${cases}</testsuite>`;

describe("parseJunitXml", () => {
  it("refuses malformed and non-JUnit XML with a code", () => {
    const code = (xml: string) => {
      try {
        parseJunitXml(xml);
      } catch (error) {
        return error instanceof TestResultsError ? error.code : "other";
      }
      return "none";
    };
    expect(code("<testsuite><testcase></testsuite>")).toBe(TestResultsErrorCode.BAD_XML);
    expect(code("PASSED tests/x.py::t")).toBe(TestResultsErrorCode.BAD_XML);
    expect(code("")).toBe(TestResultsErrorCode.BAD_XML);
    expect(code("<html><body/></html>")).toBe(TestResultsErrorCode.NOT_JUNIT);
  });

  it("reads a bare testsuite root and nested testsuites", () => {
    const bare = suite('<testcase classname="tests.test_a" name="test_one" time="0.25"/>');
    expect(parseJunitXml(bare)).toEqual([
      { id: "tests/test_a.py::test_one", status: "PASSED", durationS: 0.25, message: "" },
    ]);
    const nested = `<testsuites><testsuite name="outer"><testsuite name="inner">
      <testcase classname="tests.test_a.TestX" name="test_two"><failure>boom
at line 3</failure></testcase></testsuite></testsuite><testsuite/></testsuites>`;
    expect(parseJunitXml(nested)).toEqual([
      { id: "tests/test_a.py::TestX::test_two", status: "FAILED", durationS: 0, message: "boom" },
    ]);
    expect(parseJunitXml("<testsuites/>")).toEqual([]);
  });

  it("decodes entities and numeric references in names and messages", () => {
    const xml = suite(
      '<testcase classname="tests.test_a" name="test_p[&quot;&lt;x&gt;&quot; &amp;#10;]"><skipped type="pytest.xfail" message="a&#10;b &#x1F600;"/></testcase>',
    );
    expect(parseJunitXml(xml)).toEqual([
      { id: 'tests/test_a.py::test_p["<x>" &#10;]', status: "XFAIL", durationS: 0, message: "a\nb 😀" },
    ]);
  });

  it("reads pytest's xpass-as-skipped label as XPASS", () => {
    const xml = suite(
      '<testcase classname="t" name="test_u"><skipped message="xfail-marked test passes unexpectedly"/></testcase>',
    );
    expect(parseJunitXml(xml).map((r) => r.status)).toEqual(["XPASS"]);
  });

  it("reads module-level skips and collection errors as file results", () => {
    const xml = suite(`
      <testcase classname="" name="tests.test_modskip" time="0.000"><skipped message="collection skipped">x</skipped><skipped message="collection skipped">x</skipped></testcase>
      <testcase classname="" name="tests.test_syntax"><error message="collection failure">E</error><error message="collection failure">E</error></testcase>`);
    expect(parseJunitXml(xml).map((r) => [r.id, r.status])).toEqual([
      ["tests/test_modskip.py", "SKIPPED"],
      ["tests/test_syntax.py", "ERROR"],
    ]);
  });

  it("keeps the worse outcome of a test reported twice", () => {
    const xml = suite(`
      <testcase classname="tests.test_a" name="test_t" time="0.5"><failure message="assert False"/></testcase>
      <testcase classname="tests.test_a" name="test_t" time="0.25"><error message="failed on teardown"/></testcase>`);
    expect(parseJunitXml(xml)).toEqual([
      { id: "tests/test_a.py::test_t", status: "ERROR", durationS: 0.75, message: "failed on teardown" },
    ]);
  });

  it("uses the file attribute only when it matches the classname", () => {
    const xml = suite(`
      <testcase classname="tests.v1.2.checks.Suite" name="test_a" file="tests/v1.2/checks.py"/>
      <testcase classname="tests.test_c.TestChild" name="test_inherited" file="tests/base.py"/>
      <testcase classname="pkg.test_d" name="test_abs" file="/repo/pkg/test_d.py"/>`);
    expect(parseJunitXml(xml, { rootDir: "/repo" }).map((r) => r.id)).toEqual([
      "tests/v1.2/checks.py::Suite::test_a",
      "tests/test_c.py::TestChild::test_inherited",
      "pkg/test_d.py::test_abs",
    ]);
  });

  it("tells modules from classes with knownFiles where naming cannot", () => {
    const xml = suite(`
      <testcase classname="tests.Integration.checks" name="test_a"/>
      <testcase classname="tests.v1.2.test_b.TestB" name="test_b"/>
      <testcase classname="" name="docs.index.rst"><error message="collection failure"/></testcase>`);
    expect(parseJunitXml(xml).map((r) => r.id)).toEqual([
      "tests.py::Integration::checks::test_a",
      "tests/v1/2/test_b.py::TestB::test_b",
      "docs/index/rst.py",
    ]);
    const knownFiles = ["tests/Integration/checks.py", "tests/v1.2/test_b.py", "docs/index.rst", "setup.py"];
    expect(parseJunitXml(xml, { knownFiles }).map((r) => r.id)).toEqual([
      "tests/Integration/checks.py::test_a",
      "tests/v1.2/test_b.py::TestB::test_b",
      "docs/index.rst",
    ]);
  });
});
