// TypeORM mappings of the tables the migrations create (the ORM serves the plain reads;
// the SQL that matters for correctness is written out in each owner's repository).
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

const timestamptz = { type: 'timestamptz' } as const;

@Entity('charts')
export class ChartEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'chart_ref' }) chartRef!: string;
  @Column('text') source!: string;
  @Column('text', { name: 'source_url' }) sourceUrl!: string;
  @Column('text') name!: string;
  @Column({ ...timestamptz, name: 'scraped_at' }) scrapedAt!: Date;
  @Column('jsonb') snapshot!: unknown;
  @Column('text', { name: 'content_hash' }) contentHash!: string;
  @Column('integer', { name: 'track_count' }) trackCount!: number;
  @Column({ ...timestamptz, name: 'created_at' }) createdAt!: Date;
}

@Entity('chart_entries')
export class ChartEntryEntity {
  @PrimaryColumn('text', { name: 'chart_id' }) chartId!: string;
  @PrimaryColumn('integer') position!: number;
  @Column('text', { name: 'track_key' }) trackKey!: string;
}

export type MatchStatus = 'matched' | 'not_found' | 'needs_review' | 'failed';

@Entity('tracks')
export class TrackEntity {
  @PrimaryColumn('text', { name: 'track_key' }) trackKey!: string;
  @Column('bigint', { name: 'beatport_id' }) beatportId!: string;
  @Column('text') title!: string;
  @Column('text', { name: 'mix_name', nullable: true }) mixName!: string | null;
  @Column('jsonb') artists!: string[];
  @Column('jsonb') remixers!: string[];
  @Column('text', { nullable: true }) label!: string | null;
  @Column('text', { nullable: true }) genre!: string | null;
  @Column('double precision', { nullable: true }) bpm!: number | null;
  @Column('text', { name: 'musical_key', nullable: true }) musicalKey!: string | null;
  @Column('integer', { name: 'length_ms', nullable: true }) lengthMs!: number | null;
  @Column('text', { name: 'release_date', nullable: true }) releaseDate!: string | null;
  @Column('text', { nullable: true }) isrc!: string | null;
  @Column({ ...timestamptz, name: 'updated_at' }) updatedAt!: Date;
  @Column('text', { name: 'match_status', nullable: true }) matchStatus!: MatchStatus | null;
  @Column('text', { name: 'video_id', nullable: true }) videoId!: string | null;
  @Column('double precision', { name: 'match_score', nullable: true }) matchScore!: number | null;
  @Column('jsonb', { name: 'match_details', nullable: true }) matchDetails!: unknown;
  @Column({ ...timestamptz, name: 'matched_at', nullable: true }) matchedAt!: Date | null;
  @Column('integer', { name: 'match_attempts' }) matchAttempts!: number;
}

export type JobStatus = 'processing' | 'completed' | 'expired';

@Entity('jobs')
export class JobEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'chart_id' }) chartId!: string;
  @Column('text', { name: 'chart_ref' }) chartRef!: string;
  @Column('text') source!: string;
  @Column('integer', { name: 'expected_count' }) expectedCount!: number;
  @Column('text', { name: 'requested_track_keys', array: true }) requestedTrackKeys!: string[];
  @Column('integer', { name: 'processed_count' }) processedCount!: number;
  @Column('integer', { name: 'matched_count' }) matchedCount!: number;
  @Column('integer', { name: 'not_found_count' }) notFoundCount!: number;
  @Column('integer', { name: 'failed_count' }) failedCount!: number;
  @Column('text') status!: JobStatus;
  @Column({ ...timestamptz, name: 'created_at' }) createdAt!: Date;
  @Column({ ...timestamptz, name: 'deadline_at' }) deadlineAt!: Date;
  @Column({ ...timestamptz, name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('text', { name: 'playlist_id', nullable: true }) playlistId!: string | null;
}

@Entity('job_items')
export class JobItemEntity {
  @PrimaryColumn('uuid', { name: 'job_id' }) jobId!: string;
  @PrimaryColumn('text', { name: 'track_key' }) trackKey!: string;
  @Column('text') outcome!: 'matched' | 'not_found' | 'failed';
  @Column('text', { name: 'video_id', nullable: true }) videoId!: string | null;
  @Column('double precision', { nullable: true }) score!: number | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column({ ...timestamptz, name: 'processed_at' }) processedAt!: Date;
}

@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') topic!: string;
  @Column('text', { name: 'message_key', nullable: true }) messageKey!: string | null;
  @Column('jsonb') payload!: unknown;
  @Column('jsonb') headers!: Record<string, string>;
  @Column({ ...timestamptz, name: 'created_at' }) createdAt!: Date;
  @Column({ ...timestamptz, name: 'published_at', nullable: true }) publishedAt!: Date | null;
}

@Entity('playlists')
export class PlaylistEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'chart_ref' }) chartRef!: string;
  @Column('text') mode!: 'create' | 'sync';
  @Column('text') target!: 'youtube' | 'file';
  @Column('text', { name: 'youtube_playlist_id', nullable: true }) youtubePlaylistId!: string | null;
  @Column('text') title!: string;
  @Column({ ...timestamptz, name: 'created_at' }) createdAt!: Date;
  @Column({ ...timestamptz, name: 'updated_at' }) updatedAt!: Date;
}

@Entity('playlist_items')
export class PlaylistItemEntity {
  @PrimaryColumn('uuid', { name: 'playlist_id' }) playlistId!: string;
  @PrimaryColumn('text', { name: 'video_id' }) videoId!: string;
  @Column('integer') position!: number;
  @Column('text', { name: 'track_key', nullable: true }) trackKey!: string | null;
  @Column('text', { name: 'youtube_item_id', nullable: true }) youtubeItemId!: string | null;
}

export type PlaylistRunStatus = 'pending' | 'running' | 'deferred' | 'done' | 'failed';

@Entity('playlist_runs')
export class PlaylistRunEntity {
  @PrimaryColumn('uuid', { name: 'job_id' }) jobId!: string;
  @Column('uuid', { name: 'playlist_id', nullable: true }) playlistId!: string | null;
  @Column('text') status!: PlaylistRunStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column({ ...timestamptz, name: 'resume_after', nullable: true }) resumeAfter!: Date | null;
  @Column('jsonb', { nullable: true }) output!: unknown;
  @Column({ ...timestamptz, name: 'updated_at' }) updatedAt!: Date;
}

@Entity('youtube_quota_ledger')
export class QuotaLedgerEntity {
  @PrimaryColumn('date') day!: string;
  @PrimaryColumn('text') credential!: string;
  @Column('integer', { name: 'units_spent' }) unitsSpent!: number;
}

export const entities = [
  ChartEntity,
  ChartEntryEntity,
  TrackEntity,
  JobEntity,
  JobItemEntity,
  OutboxEntity,
  PlaylistEntity,
  PlaylistItemEntity,
  PlaylistRunEntity,
  QuotaLedgerEntity,
];
