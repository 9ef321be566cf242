import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@charts-vibe/shared';
import { BeatportModule } from './beatport/beatport.module';
import { SERVICE_NAME, ServiceConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ serviceName: SERVICE_NAME, config }), BeatportModule.forRoot(config)],
    };
  }
}
