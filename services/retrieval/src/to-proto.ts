import { UnitKind } from "@tracegen/proto";

const KIND_NAMES: Record<number, string> = {
  [UnitKind.MODULE]: "module",
  [UnitKind.CLASS]: "class",
  [UnitKind.FUNCTION]: "function",
  [UnitKind.METHOD]: "method",
};

/** A stored unit kind as the proto enum. */
export function kindToProto(kind: string): UnitKind {
  const found = Object.entries(KIND_NAMES).find(([, name]) => name === kind);
  return found ? (Number(found[0]) as UnitKind) : UnitKind.UNSPECIFIED;
}

/** A proto unit kind as the stored name; undefined for UNSPECIFIED or unknown values. */
export function kindFromProto(kind: UnitKind): string | undefined {
  return KIND_NAMES[kind];
}
