import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@charts-vibe/shared';
import { SERVICE_NAME, ServiceConfig } from './config';
import { JobsModule } from './jobs/jobs.module';
import { SearchProviderModule } from './providers/search-provider.module';
import { TrackSearchProvider } from './search/track-search-provider';

@Module({})
export class AppModule {
  /** `provider` replaces the configured one (tests). */
  static forRoot(config: ServiceConfig, provider?: TrackSearchProvider): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ serviceName: SERVICE_NAME, config }),
        SearchProviderModule.forRoot(config, provider),
        JobsModule,
      ],
    };
  }
}
