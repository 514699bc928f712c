-- PortTrack schema. The API owns it; the exporters and Grafana read it through porttrack_read.

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vessels (
  id            bigserial PRIMARY KEY,
  imo           char(7) NOT NULL UNIQUE,
  mmsi          char(9) NOT NULL UNIQUE,
  name          text NOT NULL,
  type          text NOT NULL CHECK (type IN ('container', 'bulk', 'tanker', 'roro', 'passenger', 'tug', 'fishing', 'other')),
  flag          char(2) NOT NULL,
  gross_tonnage integer NOT NULL CHECK (gross_tonnage > 0),
  length_m      numeric(6, 2) NOT NULL CHECK (length_m > 0),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'decommissioned')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE berths (
  id           bigserial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  max_length_m numeric(6, 2) NOT NULL CHECK (max_length_m > 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE routes (
  id         bigserial PRIMARY KEY,
  code       text NOT NULL UNIQUE,
  name       text NOT NULL,
  direction  text NOT NULL CHECK (direction IN ('entry', 'exit', 'both')),
  -- GeoJSON LineString: {"type":"LineString","coordinates":[[lon,lat],...]}
  waypoints  jsonb NOT NULL,
  status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE port_calls (
  id             bigserial PRIMARY KEY,
  vessel_id      bigint NOT NULL REFERENCES vessels (id),
  status         text NOT NULL DEFAULT 'expected'
                 CHECK (status IN ('expected', 'at_anchorage', 'berthed', 'departed', 'cancelled')),
  eta            timestamptz NOT NULL,
  berth_id       bigint REFERENCES berths (id),
  entry_route_id bigint REFERENCES routes (id),
  exit_route_id  bigint REFERENCES routes (id),
  arrived_at     timestamptz,
  berthed_at     timestamptz,
  departed_at    timestamptz,
  cancelled_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- One vessel per berth at a time, one open call per vessel: the database has the last word on races.
CREATE UNIQUE INDEX port_calls_one_per_berth ON port_calls (berth_id) WHERE status = 'berthed';
CREATE UNIQUE INDEX port_calls_one_open_per_vessel ON port_calls (vessel_id)
  WHERE status IN ('expected', 'at_anchorage', 'berthed');
CREATE INDEX port_calls_open_status ON port_calls (status) WHERE status IN ('expected', 'at_anchorage', 'berthed');
CREATE INDEX port_calls_departed_at ON port_calls (departed_at) WHERE departed_at IS NOT NULL;

-- Append-only history of port-call transitions; counters of arrivals/departures derive from it.
CREATE TABLE port_call_events (
  id           bigserial PRIMARY KEY,
  port_call_id bigint NOT NULL REFERENCES port_calls (id),
  type         text NOT NULL CHECK (type IN ('arrived', 'berthed', 'departed', 'cancelled')),
  at           timestamptz NOT NULL,
  berth_id     bigint REFERENCES berths (id),
  route_id     bigint REFERENCES routes (id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX port_call_events_call ON port_call_events (port_call_id, id);
CREATE INDEX port_call_events_type_id ON port_call_events (type, id);

CREATE TABLE cargo_operations (
  id               bigserial PRIMARY KEY,
  port_call_id     bigint NOT NULL REFERENCES port_calls (id),
  direction        text NOT NULL CHECK (direction IN ('load', 'unload')),
  category         text NOT NULL
                   CHECK (category IN ('containers', 'dry_bulk', 'liquid_bulk', 'breakbulk', 'vehicles', 'passengers')),
  unit             text NOT NULL CHECK (unit IN ('teu', 'tonnes', 'units')),
  quantity         numeric(14, 2) NOT NULL CHECK (quantity > 0),
  quantity_done    numeric(14, 2) NOT NULL DEFAULT 0 CHECK (quantity_done >= 0 AND quantity_done <= quantity),
  status           text NOT NULL DEFAULT 'planned'
                   CHECK (status IN ('planned', 'in_progress', 'completed', 'stalled', 'cancelled')),
  started_at       timestamptz,
  completed_at     timestamptz,
  last_progress_at timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cargo_operations_port_call ON cargo_operations (port_call_id);
CREATE INDEX cargo_operations_active ON cargo_operations (status) WHERE status IN ('planned', 'in_progress', 'stalled');

-- Every progress update, so handled quantities are auditable and counters derive from a monotonic sum.
CREATE TABLE cargo_progress (
  id                 bigserial PRIMARY KEY,
  cargo_operation_id bigint NOT NULL REFERENCES cargo_operations (id),
  quantity_delta     numeric(14, 2) NOT NULL CHECK (quantity_delta >= 0),
  at                 timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cargo_progress_operation ON cargo_progress (cargo_operation_id, id);

CREATE TABLE staff (
  id          bigserial PRIMARY KEY,
  employee_no text NOT NULL UNIQUE,
  name        text NOT NULL,
  role        text NOT NULL
              CHECK (role IN ('pilot', 'tug_master', 'mooring', 'stevedore', 'crane_operator', 'inspector', 'coordinator')),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shifts (
  id        bigserial PRIMARY KEY,
  name      text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX shifts_time ON shifts (starts_at, ends_at);

-- How many of each role a shift needs.
CREATE TABLE shift_requirements (
  shift_id bigint NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
  role     text NOT NULL
           CHECK (role IN ('pilot', 'tug_master', 'mooring', 'stevedore', 'crane_operator', 'inspector', 'coordinator')),
  required integer NOT NULL CHECK (required >= 0),
  PRIMARY KEY (shift_id, role)
);

-- The roster: who works which shift.
CREATE TABLE shift_staff (
  shift_id bigint NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
  staff_id bigint NOT NULL REFERENCES staff (id),
  PRIMARY KEY (shift_id, staff_id)
);
CREATE INDEX shift_staff_staff ON shift_staff (staff_id);

-- Staff assigned to port-call operations; overlap for one person is refused by the API under a row lock.
CREATE TABLE assignments (
  id                 bigserial PRIMARY KEY,
  staff_id           bigint NOT NULL REFERENCES staff (id),
  port_call_id       bigint NOT NULL REFERENCES port_calls (id),
  cargo_operation_id bigint REFERENCES cargo_operations (id),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX assignments_staff_time ON assignments (staff_id, starts_at, ends_at);
CREATE INDEX assignments_time ON assignments (starts_at, ends_at);
CREATE INDEX assignments_cargo ON assignments (cargo_operation_id);

-- Position history. Reads are always by vessel and time, or by recency.
CREATE TABLE positions (
  id          bigserial PRIMARY KEY,
  vessel_id   bigint REFERENCES vessels (id),
  mmsi        char(9) NOT NULL,
  ts          timestamptz NOT NULL,
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  sog         real,
  cog         real,
  heading     smallint,
  nav_status  smallint,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX positions_vessel_ts ON positions (vessel_id, ts);
CREATE INDEX positions_received_at ON positions (received_at);

-- Latest position per vessel, kept by the ingest path: Grafana's map and the exporters read
-- it instead of the history (Redis holds the same for the API's hot path).
CREATE TABLE vessel_latest_positions (
  mmsi        char(9) PRIMARY KEY,
  vessel_id   bigint REFERENCES vessels (id),
  ts          timestamptz NOT NULL,
  lat         double precision NOT NULL,
  lon         double precision NOT NULL,
  sog         real,
  cog         real,
  heading     smallint,
  nav_status  smallint,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vessel_latest_positions_ts ON vessel_latest_positions (ts);

-- Read-only role for the exporters and Grafana's PostgreSQL datasource. Login users that
-- belong to it are created by the deployment (their passwords are secrets).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'porttrack_read') THEN
    CREATE ROLE porttrack_read NOLOGIN;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO porttrack_read;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO porttrack_read;
REVOKE SELECT ON users FROM porttrack_read;
