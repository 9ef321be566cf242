// The whole charts-vibe schema. Every table has one writer (see ARCHITECTURE.md, "Data").
import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1733300000000 implements MigrationInterface {
  name = 'InitialSchema1733300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE charts (
        id            text PRIMARY KEY,
        chart_ref     text NOT NULL,
        source        text NOT NULL,
        source_url    text NOT NULL,
        name          text NOT NULL,
        scraped_at    timestamptz NOT NULL,
        snapshot      jsonb NOT NULL,
        content_hash  text NOT NULL,
        track_count   integer NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX charts_ref_scraped ON charts (chart_ref, scraped_at DESC)`);
    await db.query(`
      CREATE TABLE tracks (
        track_key       text PRIMARY KEY,
        beatport_id     bigint NOT NULL UNIQUE,
        title           text NOT NULL,
        mix_name        text,
        artists         jsonb NOT NULL,
        remixers        jsonb NOT NULL,
        label           text,
        genre           text,
        bpm             double precision,
        musical_key     text,
        length_ms       integer,
        release_date    text,
        isrc            text,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        match_status    text CHECK (match_status IN ('matched', 'not_found', 'needs_review', 'failed')),
        video_id        text,
        match_score     double precision,
        match_details   jsonb,
        matched_at      timestamptz,
        match_attempts  integer NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE chart_entries (
        chart_id   text NOT NULL REFERENCES charts (id) ON DELETE CASCADE,
        position   integer NOT NULL CHECK (position > 0),
        track_key  text NOT NULL REFERENCES tracks (track_key),
        PRIMARY KEY (chart_id, position)
      )`);
    await db.query(`
      CREATE TABLE jobs (
        id               uuid PRIMARY KEY,
        chart_id         text NOT NULL UNIQUE REFERENCES charts (id),
        chart_ref        text NOT NULL,
        source           text NOT NULL,
        expected_count   integer NOT NULL CHECK (expected_count >= 0),
        -- The distinct tracks this job asked for; the sweeper fails the ones never answered.
        requested_track_keys text[] NOT NULL DEFAULT '{}',
        processed_count  integer NOT NULL DEFAULT 0,
        matched_count    integer NOT NULL DEFAULT 0,
        not_found_count  integer NOT NULL DEFAULT 0,
        failed_count     integer NOT NULL DEFAULT 0,
        status           text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'completed', 'expired')),
        created_at       timestamptz NOT NULL DEFAULT now(),
        deadline_at      timestamptz NOT NULL,
        completed_at     timestamptz,
        playlist_id      text,
        CHECK (processed_count <= expected_count),
        CHECK (matched_count + not_found_count + failed_count = processed_count)
      )`);
    await db.query(`CREATE INDEX jobs_processing_deadline ON jobs (deadline_at) WHERE status = 'processing'`);
    await db.query(`CREATE INDEX jobs_created ON jobs (created_at DESC)`);
    await db.query(`
      CREATE TABLE job_items (
        job_id        uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        track_key     text NOT NULL,
        outcome       text NOT NULL CHECK (outcome IN ('matched', 'not_found', 'failed')),
        video_id      text,
        score         double precision,
        reason        text,
        processed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, track_key)
      )`);
    await db.query(`
      CREATE TABLE outbox (
        id            bigserial PRIMARY KEY,
        topic         text NOT NULL,
        message_key   text,
        payload       jsonb NOT NULL,
        headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        published_at  timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    // Wakes the relays at commit time; they also poll, so a lost notification only delays.
    await db.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
    await db.query(`
      CREATE TABLE playlists (
        id                   uuid PRIMARY KEY,
        chart_ref            text NOT NULL,
        mode                 text NOT NULL CHECK (mode IN ('create', 'sync')),
        target               text NOT NULL CHECK (target IN ('youtube', 'file')),
        youtube_playlist_id  text,
        title                text NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX playlists_one_sync_per_chart ON playlists (chart_ref, target) WHERE mode = 'sync'`);
    await db.query(`
      CREATE TABLE playlist_items (
        playlist_id       uuid NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
        video_id          text NOT NULL,
        position          integer NOT NULL,
        track_key         text,
        youtube_item_id   text,
        PRIMARY KEY (playlist_id, video_id)
      )`);
    await db.query(`
      CREATE TABLE playlist_runs (
        job_id        uuid PRIMARY KEY REFERENCES jobs (id),
        playlist_id   uuid REFERENCES playlists (id),
        status        text NOT NULL CHECK (status IN ('pending', 'running', 'deferred', 'done', 'failed')),
        reason        text,
        resume_after  timestamptz,
        output        jsonb,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE youtube_quota_ledger (
        day          date NOT NULL,
        credential   text NOT NULL,
        units_spent  integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, credential)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'youtube_quota_ledger',
      'playlist_runs',
      'playlist_items',
      'playlists',
      'outbox',
      'job_items',
      'jobs',
      'chart_entries',
      'tracks',
      'charts',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }
}
