// The repository's root, from the source (cli/src) or the build (cli/dist) alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

export function repoRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${__dirname}: is the CLI running from its repository?`);
  }
}
