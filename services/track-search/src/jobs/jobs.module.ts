import { Module } from '@nestjs/common';
import { CompletionRepository } from './completion.repository';
import { TrackRequestedConsumer } from './track-requested.consumer';
import { TrackSearchService } from './track-search.service';

@Module({ controllers: [TrackRequestedConsumer], providers: [CompletionRepository, TrackSearchService] })
export class JobsModule {}
