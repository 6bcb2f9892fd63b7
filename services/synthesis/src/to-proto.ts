import { Strategy } from "@tracegen/proto";
import type { StrategyName } from "./draft.js";

const TO_PROTO: Record<StrategyName, Strategy> = {
  transplant: Strategy.TRANSPLANT,
  procedural: Strategy.PROCEDURAL,
  combine: Strategy.COMBINE,
};

/** The proto enum of a strategy name ("external" and unknown names map to UNSPECIFIED). */
export function strategyToProto(name: string): Strategy {
  return TO_PROTO[name as StrategyName] ?? Strategy.UNSPECIFIED;
}

/** The strategy name of a proto enum; undefined for strategies synthesis does not implement. */
export function strategyFromProto(value: Strategy): StrategyName | undefined {
  return (Object.keys(TO_PROTO) as StrategyName[]).find((k) => TO_PROTO[k] === value);
}
