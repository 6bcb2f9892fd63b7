/** Snapshot ids are readable and stable: "<owner>__<name>@<commit>". */
export function snapshotId(repo: string, commit: string): string {
  return `${repo.replace("/", "__")}@${commit}`;
}

/** One trace per seed; its id names the seed. */
export function traceId(seedId: string): string {
  return `trace:${seedId}`;
}
