import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@charts-vibe/shared';
import { ChartsModule } from './charts/charts.module';
import { SERVICE_NAME, ServiceConfig } from './config';
import { JobsModule } from './jobs/jobs.module';
import { SweeperModule } from './sweeper/sweeper.module';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ serviceName: SERVICE_NAME, config }), ChartsModule, JobsModule, SweeperModule],
    };
  }
}
