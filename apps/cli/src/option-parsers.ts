import { InvalidArgumentError } from "commander";

// Parsers of option values (and of the environment variables behind them). Commander prints an
// InvalidArgumentError as "option '…' argument '…' is invalid. <message>"; the CLI exits 2.

// A host name, an IPv4 address or a bracketed IPv6 address, then a port.
const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** A `<host:port>` address with a port from 1 to 65535. */
export function hostPort(value: string): string {
  const port = HOST_PORT.exec(value)?.[1];
  if (port === undefined || Number(port) < 1 || Number(port) > 65535)
    throw new InvalidArgumentError(`expected host:port, got "${value}"`);
  return value;
}

/** An integer from 1 up. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** An integer from 0 to 2^32 - 1. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError(`expected an integer from 0 to 4294967295, got "${value}"`);
  return n;
}
