-- The report as sent (`report.details`) is a versioned document of its own (see
-- store/report_doc.rs), no longer whatever the rules' types serialise to. Rows stored so far
-- have the version 1 shape: mark them so.
update report set details = json_set(details, '$.version', 1)
where details is not null and json_valid(details) and json_extract(details, '$.version') is null;
