/** A Python integer literal's value and how it was written, so a changed value can be written the same way. */
export interface IntegerLiteral {
  value: bigint;
  /** "0x", "0o", "0b" or "" (decimal), in the case the source used. */
  prefix: string;
  upper: boolean;
}

/** Reads an integer literal; null for what is not one (`10j` parses as an integer node too). */
export function readInteger(text: string): IntegerLiteral | null {
  const match = /^(0[xXoObB])?([0-9a-fA-F_]+)$/.exec(text);
  if (match === null) return null;
  const prefix = match[1] ?? "";
  const digits = match[2]!.replaceAll("_", "");
  const radix = { "": 10, x: 16, o: 8, b: 2 }[prefix.slice(1).toLowerCase()] ?? 10;
  if (digits === "" || (radix === 10 && !/^\d+$/.test(digits))) return null;
  let value = 0n;
  for (const digit of digits.toLowerCase()) {
    const d = Number.parseInt(digit, radix);
    if (Number.isNaN(d)) return null;
    value = value * BigInt(radix) + BigInt(d);
  }
  return { value, prefix, upper: /[A-F]/.test(digits) };
}

/** Writes `value` (not negative) the way `like` was written. */
export function writeInteger(value: bigint, like: IntegerLiteral): string {
  const radix = { "": 10, x: 16, o: 8, b: 2 }[like.prefix.slice(1).toLowerCase()] ?? 10;
  const digits = value.toString(radix);
  return like.prefix + (like.upper ? digits.toUpperCase() : digits);
}
