-- The compliance page counts each kind's deadlines due in a period: one range of this index
-- per kind (as in SQLite's 0015).
create index deadline_kind_due on deadline (kind, due_at, met_at);
