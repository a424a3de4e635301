-- Creative Regions warehouse: base tables. Loaded into a NEW file on every run, then published
-- with os.replace. Every column is described in docs/warehouse.md. The parameters of a CHECK
-- (lat_min, lat_max: Russia's bounding box, etl/geocode/bounds.py) are written in as numbers by
-- etl.load.warehouse.schema_sql: DDL takes no bound parameters.

CREATE TABLE region (
    region_code      VARCHAR PRIMARY KEY,   -- ISO 3166-2 (RU-KEM) where one exists
    iso_3166_2       BOOLEAN NOT NULL,      -- false for subjects without an ISO code
    name_ru          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,      -- republic | krai | oblast | federal_city | autonomous_oblast | autonomous_okrug
    federal_district VARCHAR NOT NULL,      -- Russian name: Центральный, Сибирский, ...
    capital_ru       VARCHAR,
    lat              DOUBLE NOT NULL,
    lon              DOUBLE NOT NULL
);

CREATE TABLE place (
    place_id    VARCHAR PRIMARY KEY,        -- city:<geonameid> | region:<code> | venue:<slug> | nominatim:<osm id>
    name_ru     VARCHAR NOT NULL,
    name_en     VARCHAR,
    kind        VARCHAR NOT NULL CHECK (kind IN ('city', 'region', 'venue', 'country')),
    region_code VARCHAR REFERENCES region (region_code),
    lat         DOUBLE NOT NULL CHECK (lat BETWEEN $lat_min AND $lat_max),
    lon         DOUBLE NOT NULL,
    precision   VARCHAR NOT NULL CHECK (precision IN ('city', 'region_centroid', 'venue', 'country')),
    geocoder    VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL,
    note        VARCHAR
);

CREATE TABLE place_alias (
    alias    VARCHAR NOT NULL,              -- a surface form seen in a source ("Череповца")
    place_id VARCHAR NOT NULL REFERENCES place (place_id),
    PRIMARY KEY (alias, place_id)
);

CREATE TABLE document (
    document_id         VARCHAR PRIMARY KEY,
    title               VARCHAR NOT NULL,
    published           DATE,
    published_precision VARCHAR,
    published_from      VARCHAR,            -- front_matter | text | file_mtime | curated
    publisher           VARCHAR,
    url                 VARCHAR,
    source_path         VARCHAR,
    origin              VARCHAR NOT NULL,   -- curated | extracted
    text                VARCHAR,
    ingested_at         TIMESTAMP NOT NULL
);

CREATE TABLE program (
    program_id VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL UNIQUE
);

CREATE TABLE organisation (
    organisation_id VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL UNIQUE,
    kind            VARCHAR,
    place_id        VARCHAR REFERENCES place (place_id)
);

CREATE TABLE person (
    person_id       VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    organisation_id VARCHAR REFERENCES organisation (organisation_id),
    role            VARCHAR,
    document_id     VARCHAR REFERENCES document (document_id)
);

CREATE TABLE activity (
    activity_id    VARCHAR PRIMARY KEY,
    kind           VARCHAR NOT NULL,
    status         VARCHAR NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    title          VARCHAR NOT NULL,
    start_date     DATE,
    end_date       DATE,
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),
    program        VARCHAR,
    origin         VARCHAR NOT NULL CHECK (origin IN ('curated', 'extracted')),
    confidence     DOUBLE NOT NULL,
    document_id    VARCHAR REFERENCES document (document_id),
    evidence       VARCHAR,
    source_locator VARCHAR
);

CREATE TABLE activity_place (
    activity_id VARCHAR NOT NULL REFERENCES activity (activity_id),
    place_id    VARCHAR NOT NULL REFERENCES place (place_id),
    role        VARCHAR NOT NULL CHECK (role IN ('venue', 'destination', 'origin')),
    surface     VARCHAR,
    PRIMARY KEY (activity_id, place_id, role)
);

CREATE TABLE activity_participant (
    activity_id     VARCHAR NOT NULL REFERENCES activity (activity_id),
    organisation_id VARCHAR REFERENCES organisation (organisation_id),
    person_id       VARCHAR REFERENCES person (person_id),
    role            VARCHAR NOT NULL
);

-- every source that states an activity: a curated row and a press release can state the same one
CREATE TABLE activity_source (
    activity_id VARCHAR NOT NULL REFERENCES activity (activity_id),
    document_id VARCHAR NOT NULL REFERENCES document (document_id),
    origin      VARCHAR NOT NULL,
    evidence    VARCHAR,
    confidence  DOUBLE,
    PRIMARY KEY (activity_id, document_id)
);

CREATE TABLE agreement (
    agreement_id      VARCHAR PRIMARY KEY,
    counterparty      VARCHAR NOT NULL,
    organisation_id   VARCHAR REFERENCES organisation (organisation_id),
    counterparty_kind VARCHAR,
    place_id          VARCHAR REFERENCES place (place_id),
    signed_date       DATE,
    date_precision    VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),
    program           VARCHAR,
    activity_id       VARCHAR REFERENCES activity (activity_id),
    origin            VARCHAR NOT NULL,
    confidence        DOUBLE NOT NULL,
    document_id       VARCHAR REFERENCES document (document_id),
    evidence          VARCHAR,
    source_locator    VARCHAR
);

CREATE TABLE agreement_source (
    agreement_id VARCHAR NOT NULL REFERENCES agreement (agreement_id),
    document_id  VARCHAR NOT NULL REFERENCES document (document_id),
    origin       VARCHAR NOT NULL,
    evidence     VARCHAR,
    PRIMARY KEY (agreement_id, document_id)
);

-- one row per place of a planned activity: what the plan-vs-fact view checks
CREATE TABLE planned_visit (
    planned_visit_id VARCHAR PRIMARY KEY,
    activity_id      VARCHAR NOT NULL REFERENCES activity (activity_id),
    place_id         VARCHAR NOT NULL REFERENCES place (place_id),
    year             INTEGER NOT NULL,
    document_id      VARCHAR REFERENCES document (document_id),
    evidence         VARCHAR
);

CREATE TABLE etl_run (
    run_id      VARCHAR PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,           -- published | failed | running
    counts      JSON,
    message     VARCHAR
);

CREATE TABLE quarantine (
    run_id      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,           -- curated | document | geocode | extract
    locator     VARCHAR NOT NULL,           -- file and row or line
    reason      VARCHAR NOT NULL,
    raw         VARCHAR,
    severity    VARCHAR NOT NULL DEFAULT 'error', -- error: not loaded | warning: loaded, check it
    code        VARCHAR                     -- etl/reasons.py REASONS, where one applies
);

-- places whose network geocoding failed and is retried on the next run
CREATE TABLE geocode_pending (
    surface     VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    fallback    VARCHAR                     -- what the place resolved to meanwhile, if anything
);

-- every fact taken from a document or entered by an analyst, and its review (etl/review.py)
CREATE TABLE fact_review (
    fact_id     VARCHAR PRIMARY KEY,        -- activity_id or agreement_id
    fact_type   VARCHAR NOT NULL CHECK (fact_type IN ('activity', 'agreement')),
    document_id VARCHAR,
    signature   VARCHAR,                    -- the key of the analysts' decisions (NULL: added)
    review      VARCHAR NOT NULL CHECK (review IN ('unreviewed', 'accepted', 'corrected', 'added')),
    reviewed_by VARCHAR,
    reviewed_at TIMESTAMP
);
