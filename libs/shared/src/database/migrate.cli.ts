// `npm run db:migrate`: applies pending migrations to DATABASE_URL and exits.
import { z } from 'zod';
import { baseConfigShape, ConfigError, loadConfig } from '../config';
import { createDataSource, runMigrations } from './data-source';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig(z.object({ DATABASE_URL: baseConfigShape.DATABASE_URL }));
  const dataSource = await createDataSource(DATABASE_URL, 2).initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
});
