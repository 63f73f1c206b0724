-- The compliance page counts deadlines by when they fell due (with their kind and when met, so
-- that the index alone answers), and reports by when they came.
create index deadline_due_at on deadline (due_at, kind, met_at);
create index report_submitted_at on report (submitted_at);
