/**
 * Whether `text[from..to)` has the keyword `def` in it. Most function bodies have no nested
 * function; this text scan lets the walk skip their statements entirely. False positives
 * (`def` in a string) only cost a walk.
 */
export function mayDefine(text: string, from: number, to: number): boolean {
  for (let at = text.indexOf("def", from); at !== -1 && at < to - 3; at = text.indexOf("def", at + 3)) {
    if (!isNameChar(text.charCodeAt(at - 1)) && !isNameChar(text.charCodeAt(at + 3))) return true;
  }
  return false;
}

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code > 127
  );
}
