// The playlist concern: the job.completed consumer, the runner and the resume scheduler.
import { SERVICE_CONFIG } from '@charts-vibe/shared';
import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config';
import { createPlaylistRunner } from './create-playlist-runner';
import { JobCompletedConsumer } from './job-completed.consumer';
import { PlaylistRunner } from './playlist-runner';
import { ResumeScheduler } from './resume.scheduler';

@Injectable()
class ResumeSchedulerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly scheduler: ResumeScheduler;

  constructor(runner: PlaylistRunner, @Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.scheduler = new ResumeScheduler(runner, config.PLAYLIST_RESUME_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

@Module({
  controllers: [JobCompletedConsumer],
  providers: [
    {
      provide: PlaylistRunner,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ServiceConfig) => createPlaylistRunner(dataSource, config),
    },
    ResumeSchedulerLifecycle,
  ],
})
export class PlaylistsModule {}
