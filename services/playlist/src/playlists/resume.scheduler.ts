// Picks up deferred runs once their time has come (the quota reset, the credentials'
// back-off) and runs a crashed process left behind. Every replica ticks; the chart lock
// lets only one of them work on a chart at a time.
import { Logger } from '@nestjs/common';
import { PlaylistRunner } from './playlist-runner';

export class ResumeScheduler {
  private readonly logger = new Logger('ResumeScheduler');
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;

  constructor(
    private readonly runner: PlaylistRunner,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick ??= this.runner
        .resumeDue()
        .then((resumed) => {
          if (resumed) this.logger.log(`resumed ${resumed} playlist run(s)`);
        })
        .catch((error: Error) => this.logger.error(`resuming deferred playlist runs failed: ${error.message}`))
        .finally(() => (this.tick = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.tick;
  }
}
