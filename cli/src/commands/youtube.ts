// charts-vibe youtube auth: the playlist service's OAuth consent walk-through, run as is.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '../command';
import { CliError } from '../io';
import { repoRoot } from '../repo-root';

export const youtubeAuthCommand: Command = {
  name: 'youtube auth',
  summary: 'get the YouTube refresh token the playlist service needs (OAuth consent)',
  usage: `usage: charts-vibe youtube auth

Walks through Google's OAuth consent for the account that will own the playlists and
prints YOUTUBE_REFRESH_TOKEN=… on stdout (the guidance goes to stderr). Store it with
YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET as the playlist service's secret; without
the three, playlists are written to JSON and M3U files instead.

environment:
  YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET   an OAuth client of type "Desktop app" (required)
  YOUTUBE_OAUTH_REDIRECT_URI                 default http://127.0.0.1:8085/`,
  options: {},
  positionals: [0, 0],
  async run(_args, io) {
    const script = join(repoRoot(), 'services/playlist/dist/youtube/youtube-auth.cli.js');
    if (!existsSync(script)) throw new CliError(`${script} is missing: build first (npx nx run-many -t build)`);
    // The flow asks a question on the terminal, so it gets this process's stdin and outputs.
    const child = spawn(process.execPath, [script], { stdio: 'inherit', env: io.env });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
    });
  },
};
