-- What a form post leaves for the page it redirects to (post/redirect/get): the problems with the
-- answers and the answers as typed, or a code to show once. Sealed with the random token in the
-- browser's cookie (only its digest is here), read once, and kept for minutes at most.
create table form_flash (
    token_digest blob primary key,
    page text not null,
    sealed blob not null,
    expires_at text not null
);
create index form_flash_expires on form_flash (expires_at);
