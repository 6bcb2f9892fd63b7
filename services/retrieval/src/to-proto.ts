import { UnitKind } from "@tracegen/proto";

const KIND_NAMES: Record<number, string> = {
  [UnitKind.MODULE]: "module",
  [UnitKind.CLASS]: "class",
  [UnitKind.FUNCTION]: "function",
  [UnitKind.METHOD]: "method",
};

const KINDS_BY_NAME = new Map(
  Object.entries(KIND_NAMES).map(([kind, name]) => [name, Number(kind) as UnitKind]),
);

/** A stored unit kind as the proto enum. */
export function kindToProto(kind: string): UnitKind {
  return KINDS_BY_NAME.get(kind) ?? UnitKind.UNSPECIFIED;
}

/** A proto unit kind as the stored name; undefined for UNSPECIFIED or unknown values. */
export function kindFromProto(kind: UnitKind): string | undefined {
  return KIND_NAMES[kind];
}
