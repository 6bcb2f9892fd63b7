/** Problem statements for synthetic bugs: an offline template, an LLM writer, and the leak rules both obey. */
export { checkStatement, type StatementCheck } from "./check-statement.js";
export { MAX_STATEMENT_CHARS } from "./leak-rules.js";
export {
  createLlmStatementWriter,
  type LlmStatementOptions,
  type LlmStatementWriter,
} from "./llm-statement-writer.js";
export { failureSection } from "./pytest-sections.js";
export type { FailingTest, Statement, StatementInput } from "./statement.js";
export { StatementError, StatementErrorCode } from "./statement-error.js";
export { templateStatement } from "./template-statement.js";
