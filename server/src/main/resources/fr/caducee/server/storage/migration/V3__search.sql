-- What IMAP SEARCH and SORT read of a message, written in the transaction that stores the message (so it cannot
-- disagree with the store after a crash) and deleted with it. Text is folded by the server before it is written
-- and before it is searched: lower case, accents and ligatures removed, RFC 2047 words decoded, header lines
-- unfolded. "Résultats", "resultats" and "RESULTATS" are then the same text.
--
-- IMAP matches substrings (RFC 9051 6.4.4: "a word in the middle of a subject is found"), so the text columns have
-- trigram indexes (pg_trgm), which serve LIKE '%...%' and regular expressions; a word index (to_tsvector) would not
-- find "sultat" in "résultats" and is not used (docs/ARCHITECTURE.md, "Search").
CREATE TABLE caducee_message_search (
    message_id     UUID    PRIMARY KEY REFERENCES caducee_message ON DELETE CASCADE,
    -- Every header as "name: value" lines, each line starting with a line feed: "\nsubject: resultats du 3\n..."
    headers        TEXT    NOT NULL,
    -- The text of the text/* parts (HTML without its markup), bounded (see MessageText.MAX_BODY_CHARS).
    body           TEXT    NOT NULL,
    -- The Date: header: the instant, and the day as written, which SENTBEFORE/SENTON/SENTSINCE compare.
    sent_at        TIMESTAMPTZ,
    sent_day       DATE,
    -- RFC 5256 sort keys, lower case: base subject, first address's mailbox (local part), display names.
    sort_subject   TEXT    NOT NULL DEFAULT '',
    sort_from      TEXT    NOT NULL DEFAULT '',
    sort_to        TEXT    NOT NULL DEFAULT '',
    sort_cc        TEXT    NOT NULL DEFAULT '',
    display_from   TEXT    NOT NULL DEFAULT '',
    display_to     TEXT    NOT NULL DEFAULT '',
    -- THREAD (RFC 5256): the Message-ID, the ids of References (else In-Reply-To's first), whether the subject
    -- was a reply or a forward (Re:, Fwd: ...), as written (message ids compare case-sensitively).
    message_id_header TEXT  NOT NULL DEFAULT '',
    thread_references TEXT[] NOT NULL DEFAULT '{}',
    subject_reply  BOOLEAN NOT NULL DEFAULT FALSE,
    has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
    attachment_names TEXT[] NOT NULL DEFAULT '{}'
);
CREATE INDEX caducee_message_search_headers ON caducee_message_search USING gin (headers gin_trgm_ops);
CREATE INDEX caducee_message_search_body ON caducee_message_search USING gin (body gin_trgm_ops);
