// The local Kafka and PostgreSQL of scripts/infra (the same ones `npm test` uses), loaded
// at run time: they are plain .mjs modules outside this package.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../repo-root';

export interface InfraVars {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
}

interface InfraModule {
  infraUp(env?: NodeJS.ProcessEnv): Promise<{ vars: InfraVars; started: boolean }>;
  infraDown(env?: NodeJS.ProcessEnv): Promise<void>;
}

async function infraModule(): Promise<InfraModule> {
  const url = pathToFileURL(join(repoRoot(), 'scripts/infra/index.mjs')).href;
  return (await import(url)) as InfraModule;
}

/** Starts what is not running; `started` says whether this call started anything (then stop it after). */
export async function infraUp(env: NodeJS.ProcessEnv): Promise<{ vars: InfraVars; started: boolean }> {
  return (await infraModule()).infraUp(env);
}

export async function infraDown(env: NodeJS.ProcessEnv): Promise<void> {
  await (await infraModule()).infraDown(env);
}
