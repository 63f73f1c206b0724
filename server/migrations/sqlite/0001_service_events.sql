-- Start-ups and shutdowns of the service, so operators can line up incidents with restarts.
-- Holds no personal data.
create table service_event (
    id integer primary key,
    kind text not null check (kind in ('started', 'stopped')),
    version text not null,
    at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
