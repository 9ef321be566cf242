// charts-vibe <command>: finds the command, parses its options (node:util parseArgs),
// runs it, and turns every failure into one clear line and a non-zero exit code.
import { ConfigError } from '@charts-vibe/shared';
import { parseArgs } from 'node:util';
import { Command, OptionError, println } from './command';
import { chartsCommand } from './commands/charts';
import { dlqListCommand, dlqReplayCommand } from './commands/dlq';
import { jobCommand, jobsCommand } from './commands/jobs';
import { scrapeCommand } from './commands/scrape';
import { startCommand } from './commands/start';
import { youtubeAuthCommand } from './commands/youtube';
import { CliError, CliIo, UsageError } from './io';

export const COMMANDS: Command[] = [
  startCommand,
  scrapeCommand,
  jobsCommand,
  jobCommand,
  chartsCommand,
  dlqListCommand,
  dlqReplayCommand,
  youtubeAuthCommand,
];

/** Commands with subcommands: `dlq list`, `youtube auth`. */
const GROUPS = [...new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]))];

export const MAIN_USAGE = `usage: charts-vibe <command> [options]

Operates a charts-vibe pipeline over the services' HTTP APIs and Kafka.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(13)} ${c.summary}`).join('\n')}

Run \`charts-vibe <command> --help\` for a command's options and environment.`;

function groupUsage(group: string): string {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  return `usage: charts-vibe ${group} <${members.map((c) => c.name.split(' ')[1]).join('|')}> …\n\n${members
    .map((c) => `  ${c.name.padEnd(13)} ${c.summary}`)
    .join('\n')}`;
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

/** Which command argv names, and the arguments left for it. */
function findCommand(argv: string[]): { command: Command; rest: string[] } {
  const [first, second] = argv;
  if (GROUPS.includes(first)) {
    const command = COMMANDS.find((c) => c.name === `${first} ${second}`);
    if (!command) {
      if (second === undefined || isHelp(second)) throw new UsageError(second === undefined ? `charts-vibe ${first}: which one?` : '', groupUsage(first));
      throw new UsageError(`charts-vibe ${first}: unknown command "${second}"`, groupUsage(first));
    }
    return { command, rest: argv.slice(2) };
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) throw new UsageError(`charts-vibe: unknown command "${first}"`, MAIN_USAGE);
  return { command, rest: argv.slice(1) };
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || isHelp(argv[0])) {
    println(io.stdout, MAIN_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const { command, rest } = findCommand(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`charts-vibe ${command.name}: ${(error as Error).message}`, command.usage);
  }
  if (parsed.values.help) {
    println(io.stdout, command.usage);
    return 0;
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`charts-vibe ${command.name}: missing argument`, command.usage);
  if (parsed.positionals.length > max) {
    throw new UsageError(`charts-vibe ${command.name}: unexpected argument "${parsed.positionals[max]}"`, command.usage);
  }
  try {
    return await command.run(parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] }, io);
  } catch (error) {
    if (error instanceof OptionError) throw new UsageError(`charts-vibe ${command.name}: ${error.message}`, command.usage);
    if (error instanceof CliError || error instanceof ConfigError) throw error;
    throw new CliError(`charts-vibe ${command.name}: ${(error as Error).message}`);
  }
}

/** Runs one command line; never throws. Returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      if (!error.message) {
        println(io.stdout, error.usage);
        return 0;
      }
      println(io.stderr, `${error.message}\n`);
      println(io.stderr, error.usage);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      println(io.stderr, `charts-vibe: ${error.message}`);
      return 1;
    }
    if (error instanceof CliError) {
      println(io.stderr, error.message.startsWith('charts-vibe') ? error.message : `charts-vibe: ${error.message}`);
      return error.exitCode;
    }
    println(io.stderr, `charts-vibe: unexpected failure: ${(error as Error).stack ?? error}`);
    return 1;
  }
}
