import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { EditFamilyName } from "@tracegen/edit-families";
import {
  type ChangedUnit,
  ChangedUnitSchema,
  ChangeKind,
  EditFactSchema,
  EditFamily,
  type Seed,
  SeedSchema,
  SeedStatus,
  type Snapshot,
  SnapshotSchema,
  SnapshotStatus,
  type Trace,
  TraceSchema,
  UnitKind,
  UnusableReason,
} from "@tracegen/proto";
import type { SeedRow } from "@tracegen/swebench";
import type { StoredSeed, UnusableReasonName } from "./seeds.repository.js";
import type { StoredSnapshot } from "./snapshots.repository.js";
import type { StoredTrace } from "./traces.repository.js";

const UNUSABLE: Record<UnusableReasonName, UnusableReason> = {
  unknown_repo: UnusableReason.UNKNOWN_REPO,
  mirror_failed: UnusableReason.MIRROR_FAILED,
  commit_missing: UnusableReason.COMMIT_MISSING,
  patch_does_not_apply: UnusableReason.PATCH_DOES_NOT_APPLY,
  test_patch_does_not_apply: UnusableReason.TEST_PATCH_DOES_NOT_APPLY,
  unsupported_patch: UnusableReason.UNSUPPORTED_PATCH,
};

/** The stored reason name as the proto enum. */
export function unusableReasonToProto(reason: string | null): UnusableReason {
  return reason === null
    ? UnusableReason.UNSPECIFIED
    : (UNUSABLE[reason as UnusableReasonName] ?? UnusableReason.UNSPECIFIED);
}

const SEED_STATUS = {
  pending: SeedStatus.PENDING,
  ready: SeedStatus.READY,
  unusable: SeedStatus.UNUSABLE,
} as const;

/** The stored status name as the proto enum. */
export function seedStatusToProto(status: StoredSeed["status"]): SeedStatus {
  return SEED_STATUS[status];
}

/** The proto enum as the stored status name (undefined for UNSPECIFIED). */
export function seedStatusFromProto(status: SeedStatus): StoredSeed["status"] | undefined {
  return (Object.keys(SEED_STATUS) as StoredSeed["status"][]).find((k) => SEED_STATUS[k] === status);
}

/** A stored seed as the proto message. */
export function seedToProto(seed: StoredSeed): Seed {
  const row = seed.row as unknown as SeedRow;
  return create(SeedSchema, {
    instanceId: seed.instance_id,
    repo: seed.repo,
    baseCommit: seed.base_commit,
    patch: row.patch,
    testPatch: row.test_patch,
    problemStatement: row.problem_statement,
    hintsText: row.hints_text,
    createdAt: row.created_at,
    version: row.version,
    environmentSetupCommit: row.environment_setup_commit,
    failToPass: row.FAIL_TO_PASS,
    passToPass: row.PASS_TO_PASS,
    status: seedStatusToProto(seed.status),
    unusableReason: unusableReasonToProto(seed.unusable_reason),
    unusableDetail: seed.unusable_detail ?? "",
    snapshotId: seed.snapshot_id ?? "",
    contentHash: seed.content_hash,
    importedAt: timestampFromDate(new Date(seed.imported_at)),
  });
}

/** A stored snapshot as the proto message. */
export function snapshotToProto(snapshot: StoredSnapshot): Snapshot {
  const status = {
    pending: SnapshotStatus.PENDING,
    parsed: SnapshotStatus.PARSED,
    failed: SnapshotStatus.FAILED,
  };
  return create(SnapshotSchema, {
    id: snapshot.id,
    repo: snapshot.repo,
    commit: snapshot.commit,
    status: status[snapshot.status],
    fileCount: snapshot.file_count,
    unitCount: snapshot.unit_count,
    fileErrorCount: snapshot.file_error_count,
  });
}

const UNIT_KIND: Record<string, UnitKind> = {
  module: UnitKind.MODULE,
  class: UnitKind.CLASS,
  function: UnitKind.FUNCTION,
  method: UnitKind.METHOD,
};
const CHANGE: Record<string, ChangeKind> = {
  modified: ChangeKind.MODIFIED,
  added: ChangeKind.ADDED,
  removed: ChangeKind.REMOVED,
};

const EDIT_FAMILY: Record<EditFamilyName, EditFamily> = {
  comparison_operator: EditFamily.COMPARISON_OPERATOR,
  arithmetic_operator: EditFamily.ARITHMETIC_OPERATOR,
  constant: EditFamily.CONSTANT,
  condition_added: EditFamily.CONDITION_ADDED,
  condition_removed: EditFamily.CONDITION_REMOVED,
  condition_changed: EditFamily.CONDITION_CHANGED,
  call_argument_added: EditFamily.CALL_ARGUMENT_ADDED,
  call_argument_removed: EditFamily.CALL_ARGUMENT_REMOVED,
  call_argument_changed: EditFamily.CALL_ARGUMENT_CHANGED,
  statement_added: EditFamily.STATEMENT_ADDED,
  statement_removed: EditFamily.STATEMENT_REMOVED,
  return_value: EditFamily.RETURN_VALUE,
  exception_handling: EditFamily.EXCEPTION_HANDLING,
  loop_bound: EditFamily.LOOP_BOUND,
  unclassified: EditFamily.UNCLASSIFIED,
};

/** A stored edit family name as the proto enum (UNSPECIFIED for a name this build does not know). */
export function editFamilyToProto(name: string): EditFamily {
  return EDIT_FAMILY[name as EditFamilyName] ?? EditFamily.UNSPECIFIED;
}

/** A stored trace as the proto message. */
export function traceToProto(trace: StoredTrace, failToPass: string[]): Trace {
  return create(TraceSchema, {
    id: trace.id,
    seedId: trace.seedId,
    snapshotId: trace.snapshotId,
    testFiles: trace.testFiles,
    failToPass,
    changedUnits: trace.units.map(
      (u): ChangedUnit =>
        create(ChangedUnitSchema, {
          path: u.path,
          qualifiedName: u.qualified_name,
          kind: UNIT_KIND[u.kind] ?? UnitKind.UNSPECIFIED,
          change: CHANGE[u.change] ?? ChangeKind.UNSPECIFIED,
          before: u.before,
          after: u.after,
          beforeStartLine: u.before_start_line,
          beforeEndLine: u.before_end_line,
          editFamilies: u.edit_families.map(editFamilyToProto),
          edits: u.edits.map((e) =>
            create(EditFactSchema, {
              family: editFamilyToProto(e.family),
              before: e.before,
              after: e.after,
              line: e.line,
              detail: e.detail,
            }),
          ),
          rawDiff: u.raw_diff,
        }),
    ),
  });
}
