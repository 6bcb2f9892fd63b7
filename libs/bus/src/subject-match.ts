/**
 * Whether `subject` matches the NATS `filter`: tokens split on ".", `*` matches one token, `>`
 * (last token only) matches one or more. Used by the in-process bus to mirror JetStream filters.
 */
export function subjectMatches(filter: string, subject: string): boolean {
  const want = filter.split(".");
  const have = subject.split(".");
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === ">") return i === want.length - 1 && have.length > i;
    if (i >= have.length) return false;
    if (token !== "*" && token !== have[i]) return false;
  }
  return want.length === have.length;
}
