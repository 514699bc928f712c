-- Position history partitioned by UTC day, so that retention drops whole days (a cheap DROP TABLE)
-- instead of deleting rows. The retention job (api/domain/tracking/retention.ts) creates the days
-- ahead and drops the expired ones; this migration converts the existing table and keeps every row.
--
-- It runs in one transaction (lib/db/migrate.ts) without a statement timeout: the old table is
-- renamed, the new one filled from it, then the old one dropped. Its cost grows with the history
-- (one copy of it), and writers wait for the lock meanwhile; if anything fails, nothing changed.

ALTER TABLE positions RENAME TO positions_unpartitioned;
-- The new table takes these names; the old indexes are not needed for the copy.
ALTER TABLE positions_unpartitioned DROP CONSTRAINT positions_pkey;
DROP INDEX positions_vessel_ts;
DROP INDEX positions_received_at;
-- The id sequence carries on (ids stay unique and increasing); it must outlive the old table.
ALTER SEQUENCE positions_id_seq OWNED BY NONE;

-- The primary key of a partitioned table must include the partition key.
CREATE TABLE positions (
  id          bigint NOT NULL DEFAULT nextval('positions_id_seq'),
  vessel_id   bigint REFERENCES vessels (id),
  mmsi        char(9) NOT NULL,
  ts          timestamptz NOT NULL,
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  sog         real,
  cog         real,
  heading     smallint,
  nav_status  smallint,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
ALTER SEQUENCE positions_id_seq OWNED BY positions.id;

-- Rows of a day without its partition land here instead of failing (a late report for a day
-- before the first maintenance run, or the job not having run for days); the job moves them into
-- the day's partition when it creates it, and deletes them once expired.
CREATE TABLE positions_default PARTITION OF positions DEFAULT;

-- One partition per UTC day that holds rows, and from yesterday to three days ahead.
DO $$
DECLARE
  day date;
BEGIN
  FOR day IN
    SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date FROM positions_unpartitioned
    UNION
    SELECT generate_series(-1, 3) + (now() AT TIME ZONE 'UTC')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
      'positions_' || to_char(day, 'YYYYMMDD'),
      day::text || ' 00:00:00+00',
      (day + 1)::text || ' 00:00:00+00'
    );
  END LOOP;
END
$$;

INSERT INTO positions (id, vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status, received_at)
SELECT id, vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status, received_at
FROM positions_unpartitioned;
DROP TABLE positions_unpartitioned;

-- Indexes on the partitioned table are created on every partition, present and future.
CREATE INDEX positions_vessel_ts ON positions (vessel_id, ts);
CREATE INDEX positions_received_at ON positions (received_at);
ANALYZE positions;

GRANT SELECT ON positions TO porttrack_read;
