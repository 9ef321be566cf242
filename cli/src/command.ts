// The shape every command has: its usage text (shown by --help and after a usage error),
// its options for node:util parseArgs, and what it does.
import { ParseArgsOptionsConfig } from 'node:util';
import { CliIo } from './io';

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  /** `jobs`, `dlq list`, … */
  name: string;
  summary: string;
  usage: string;
  options: ParseArgsOptionsConfig;
  /** How many positionals it takes: [min, max]. */
  positionals: [number, number];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export function println(stream: { write(text: string): unknown }, text = ''): void {
  stream.write(`${text}\n`);
}

/** A bad option value; the dispatcher prints it with the command's usage. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** A number option: a positive integer, or the usage error that names the option. */
export function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined || typeof value === 'boolean') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new OptionError(`--${name} must be a positive whole number, not "${value}"`);
  return number;
}

/** The environment variables every command that talks to the services reads, for usage texts. */
export const API_ENV_HELP = `environment:
  CHART_PROCESSOR_URL  chart-processor's HTTP API (default http://127.0.0.1:3002)
  SCRAPER_URL          the scraper's HTTP API (default http://127.0.0.1:3001)
  API_TOKEN            bearer token, when the services require one`;
