// npm run infra:up / infra:down — a real Kafka and PostgreSQL on 127.0.0.1, no Docker.
import { infraDown, infraUp } from './infra/index.mjs';

const command = process.argv[2];
try {
  if (command === 'up') {
    const { vars } = await infraUp();
    console.log('charts-vibe infrastructure is up:');
    for (const [key, value] of Object.entries(vars)) console.log(`  export ${key}=${value}`);
  } else if (command === 'down') {
    await infraDown();
    console.log('charts-vibe infrastructure is down.');
  } else {
    console.error('usage: node scripts/infra.mjs up|down');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`charts-vibe infra ${command}: ${error.message}`);
  process.exitCode = 1;
}
