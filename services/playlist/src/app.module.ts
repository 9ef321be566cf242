import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@charts-vibe/shared';
import { SERVICE_NAME, ServiceConfig } from './config';
import { PlaylistsModule } from './playlists/playlists.module';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ serviceName: SERVICE_NAME, config }), PlaylistsModule],
    };
  }
}
