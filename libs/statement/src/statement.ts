/** One failing-to-passing test as the statement writers see it. */
export interface FailingTest {
  /** The test's id, e.g. `tests/test_stats.py::test_mean`; never to appear in a statement. */
  id: string;
  /** The failure message of the buggy run: the assertion line or the traceback's tail. */
  message: string;
  /** The test function's source, when known. */
  source?: string;
}

/** What a problem statement is written from. */
export interface StatementInput {
  /** `owner/name` of the repository. */
  repo: string;
  /** The unified diff that introduced the bug; its lines must never be revealed. */
  bugPatch: string;
  /** The F2P tests with their failure messages. */
  failingTests: FailingTest[];
  /** Output of the failing run (pytest's), when kept. */
  buggyOutput?: string;
  /** The unit the bug is in; used only as a last resort for the title. */
  changedFunction?: { path: string; name: string };
}

/** A problem statement and how it was made. */
export interface Statement {
  text: string;
  source: "template" | "llm";
  /** The model that wrote it (LLM statements only). */
  model?: string;
  /** Money spent on the LLM for this statement, including rejected answers, when prices are known. */
  costUsd?: number;
  /** Tokens spent on the LLM for this statement, including rejected answers. */
  tokens?: { prompt: number; completion: number };
}
