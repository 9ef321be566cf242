// Chooses the TrackSearchProvider from config (or takes one given by a test).
import { DynamicModule, Module } from '@nestjs/common';
import type { ServiceConfig } from '../config';
import { TRACK_SEARCH_PROVIDER, TrackSearchProvider } from '../search/track-search-provider';
import { YtMusicSearchProvider } from '../search/ytmusic-search.provider';
import { FixtureSearchProvider } from './fixture-search.provider';

export function createSearchProvider(config: ServiceConfig): TrackSearchProvider {
  switch (config.SEARCH_PROVIDER) {
    case 'fixture':
      return FixtureSearchProvider.fromFile(config.SEARCH_FIXTURE_FILE!);
    case 'ytmusic':
      // One instance per process: concurrent searches share its single client start-up.
      return new YtMusicSearchProvider(config);
  }
}

@Module({})
export class SearchProviderModule {
  static forRoot(config: ServiceConfig, provider?: TrackSearchProvider): DynamicModule {
    return {
      module: SearchProviderModule,
      global: true,
      providers: [{ provide: TRACK_SEARCH_PROVIDER, useFactory: () => provider ?? createSearchProvider(config) }],
      exports: [TRACK_SEARCH_PROVIDER],
    };
  }
}
