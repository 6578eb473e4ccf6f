-- A small database of countries, their calling codes and time zones: the sample input of
-- sqlite-table-names.wasm and sqlite-first-table-dump.wasm. The tables are created in this
-- order, which is the order of sqlite_master. Rebuild countries.sqlite with
-- scripts/build_sqlite_fixture.sh after editing.

CREATE TABLE countries (
  iso_3166_code TEXT,
  name_en TEXT,
  currency TEXT
);

INSERT INTO countries VALUES
  ('AU', 'Australia', 'AUD'),
  ('ID', 'Indonesia', 'IDR'),
  ('MN', 'Mongolia', 'MNT'),
  ('SD', 'Sudan', 'SDG'),
  ('BR', 'Brazil', 'BRL'),
  ('CA', 'Canada', 'CAD'),
  ('FR', 'France', 'EUR'),
  ('JP', 'Japan', 'JPY'),
  ('KE', 'Kenya', 'KES'),
  ('NZ', 'New Zealand', 'NZD');

CREATE TABLE country_calling_codes (
  iso_3166_code TEXT,
  calling_code TEXT
);

INSERT INTO country_calling_codes VALUES
  ('AU', '+61'),
  ('ID', '+62'),
  ('MN', '+976'),
  ('SD', '+249'),
  ('BR', '+55'),
  ('CA', '+1'),
  ('FR', '+33'),
  ('JP', '+81'),
  ('KE', '+254'),
  ('NZ', '+64');

CREATE TABLE time_zones (
  id INTEGER PRIMARY KEY,
  name TEXT,
  utc_offset_minutes INTEGER
);

INSERT INTO time_zones (name, utc_offset_minutes) VALUES
  ('Australia/Sydney', 600),
  ('Australia/Perth', 480),
  ('Asia/Jakarta', 420),
  ('Asia/Jayapura', 540),
  ('Asia/Ulaanbaatar', 480),
  ('Africa/Khartoum', 120),
  ('America/Sao_Paulo', -180),
  ('America/Toronto', -300),
  ('America/Vancouver', -480),
  ('Europe/Paris', 60),
  ('Asia/Tokyo', 540),
  ('Africa/Nairobi', 180),
  ('Pacific/Auckland', 720);

CREATE TABLE country_time_zones (
  iso_3166_code TEXT,
  time_zone_id INTEGER REFERENCES time_zones (id)
);

INSERT INTO country_time_zones VALUES
  ('AU', 1), ('AU', 2), ('ID', 3), ('ID', 4), ('MN', 5), ('SD', 6), ('BR', 7), ('CA', 8),
  ('CA', 9), ('FR', 10), ('JP', 11), ('KE', 12), ('NZ', 13);
