// Chooses the TrackSearchProvider from config (or takes one given by a test).
import { DynamicModule, Module } from '@nestjs/common';
import type { ServiceConfig } from '../config';
import { TRACK_SEARCH_PROVIDER, TrackSearchProvider } from '../search/track-search-provider';
import { FixtureSearchProvider } from './fixture-search.provider';

export function createSearchProvider(config: ServiceConfig): TrackSearchProvider {
  switch (config.SEARCH_PROVIDER) {
    case 'fixture':
      if (!config.SEARCH_FIXTURE_FILE) throw new Error('SEARCH_FIXTURE_FILE is required when SEARCH_PROVIDER=fixture');
      return FixtureSearchProvider.fromFile(config.SEARCH_FIXTURE_FILE);
    case 'ytmusic':
      throw new Error('SEARCH_PROVIDER=ytmusic is not available in this build; use SEARCH_PROVIDER=fixture');
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
