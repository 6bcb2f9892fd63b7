/**
 * NATS subjects of the stage handoff events (hand-written: not generated). Each carries the
 * message of the same name from events.proto, protobuf-encoded.
 */
export const Subjects = {
  seedIngested: "tracegen.seed.ingested",
  traceExtracted: "tracegen.trace.extracted",
  candidateSynthesized: "tracegen.candidate.synthesized",
  candidateValidated: "tracegen.candidate.validated",
  instanceCreated: "tracegen.instance.created",
  solveEvaluated: "tracegen.solve.evaluated",
} as const;
