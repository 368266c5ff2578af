-- The boxes published to the national directory (server/annuaire, docs/IDENTITY.md "Publication to the national
-- directory"): one row per box that changed since publication was turned on.

-- A change of a box in the directory marks its row before the directory is written ('writing': the worker leaves it
-- until the write is over, so that it never reads the box as it was before), and the end of the write clears the flag:
-- the row then waits ('pending') until the worker, sending one box at a time in seq order, has made the Annuaire hold
-- what the directory says of the box at that moment, however many changes came in between (the latest state wins).
-- What the Annuaire holds, as far as its answers tell, is kept beside it (held_*): the next request is chosen from it.
CREATE SEQUENCE annuaire_publication_seq;

CREATE TABLE annuaire_publication (
    box             TEXT        PRIMARY KEY,
    seq             BIGINT      NOT NULL,             -- order of the latest change; renewed at each change
    state           TEXT        NOT NULL,             -- pending, refused (an operator must act), published
    changed_at      TIMESTAMPTZ NOT NULL,             -- the latest change marked
    writing         BOOLEAN     NOT NULL DEFAULT FALSE, -- the directory's write of that change is not over yet
    attempts        INTEGER     NOT NULL DEFAULT 0,   -- requests sent since the latest change
    next_attempt    TIMESTAMPTZ NOT NULL,             -- when a pending row is looked at next
    operation       TEXT,                             -- the latest request: insert, replace, delete, delete+insert
    last_status     INTEGER,                          -- its HTTP status, 0 when no answer came
    last_error      TEXT,                             -- why it did not publish (refused or deferred)
    outcome         TEXT,                             -- the OperationOutcome's text of a refusal
    published_at    TIMESTAMPTZ,                      -- when the Annuaire last took a request about the box
    held_carrier    TEXT,                             -- where the Annuaire holds it (Practitioner?identifier=...)
    held_entry      TEXT,                             -- the ContactPoint it holds (JSON), null when unknown
    held_certain    BOOLEAN     NOT NULL DEFAULT TRUE -- false: it may or may not hold the box
);

-- The worker's next box, and the report's listing per state.
CREATE INDEX annuaire_publication_pending ON annuaire_publication (seq) WHERE state = 'pending';
CREATE INDEX annuaire_publication_state ON annuaire_publication (state, seq);
