/** An instance's id, SWE-bench style: `<owner>__<name>.<candidate id>`. */
export function instanceIdOf(repo: string, candidateId: string): string {
  return `${repo.replace("/", "__")}.${candidateId}`;
}
