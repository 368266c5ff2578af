-- The spool between SMTP acceptance and delivery: one row per mail waiting in a queue (James's "spool", "outgoing"...).
-- A mail is written by one INSERT committed before the SMTP server answers 250; a worker claims it by setting
-- claimed_by (the claiming JVM's start id) under FOR UPDATE SKIP LOCKED, so several workers take different mails at
-- once; done() deletes it. Claims left by an earlier JVM (killed while processing) are released at start, so such a
-- mail is processed again rather than lost.
CREATE TABLE caducee_spool (
    id                    BIGSERIAL PRIMARY KEY,            -- FIFO order within a queue
    queue_name            TEXT        NOT NULL,
    mail_name             TEXT        NOT NULL,
    sender                TEXT        NOT NULL,             -- '' for the null reverse-path <>
    recipients            TEXT[]      NOT NULL,
    state                 TEXT,
    error_message         TEXT,
    remote_addr           TEXT,
    remote_host           TEXT,
    last_updated          TIMESTAMPTZ,
    attributes            JSON        NOT NULL,             -- name -> James's AttributeValue JSON (DSN parameters included)
    per_recipient_headers JSON        NOT NULL,             -- recipient -> ["Name: value", ...]
    message               BYTEA       NOT NULL,             -- the MIME message as received
    message_size          BIGINT      NOT NULL,
    next_delivery         TIMESTAMPTZ NOT NULL,             -- not taken before (delayed enqueue, delivery retries)
    claimed_by            UUID,                             -- the JVM processing it, NULL while it waits
    claimed_at            TIMESTAMPTZ,
    created               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated               TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The claim's search: the waiting mails of a queue in the order they came, the first that is due taken.
CREATE INDEX caducee_spool_waiting ON caducee_spool (queue_name, id) WHERE claimed_by IS NULL;
-- Size, browse, and the release of a dead JVM's claims.
CREATE INDEX caducee_spool_queue ON caducee_spool (queue_name, id);
CREATE INDEX caducee_spool_claimed ON caducee_spool (claimed_by) WHERE claimed_by IS NOT NULL;
