-- Receipts on the sender's side, for every box (docs/RECEIPTS.md): what a local box sent, and the delivery (DSN) and
-- disposition (MDN) receipts that came back for it, so that the sender's software can ask, per message and per
-- recipient, whether it was delivered, read or integrated.

-- One row per message a local box submitted (submission listeners only: mail from other operators is not ours to
-- follow). Written by the first mailet that sees the mail, once per mail: the mail's name makes a second pass after a
-- crash a no-op. Recipients and the ORCPT each gave (RFC 3461; '' when none) are parallel arrays: one INSERT.
CREATE TABLE caducee_sent_message (
    sent_id             BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mail_name           TEXT        NOT NULL UNIQUE,
    sender_box          TEXT        NOT NULL,               -- lower case
    message_id          TEXT,                               -- <id>, spaces removed
    envelope_id         TEXT,                               -- ENVID (RFC 3461)
    recipients          TEXT[]      NOT NULL,               -- lower case
    original_recipients TEXT[]      NOT NULL,               -- ORCPT per recipient, '' when none
    accepted_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX caducee_sent_message_by_id ON caducee_sent_message (sender_box, message_id);
CREATE INDEX caducee_sent_message_by_envelope ON caducee_sent_message (sender_box, envelope_id)
    WHERE envelope_id IS NOT NULL;

-- One row per receipt, per recipient it reports on. kind: dsn (status relayed, delivered, failed, delayed, expanded)
-- or mdn (displayed, processed, dispatched, deleted, denied, error). code: a DSN status (5.1.1) or an integration
-- error (900-906); label: the remote software's words.
CREATE TABLE caducee_receipt (
    receipt_id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sent_id            BIGINT      NOT NULL REFERENCES caducee_sent_message ON DELETE CASCADE,
    recipient          TEXT        NOT NULL,
    kind               TEXT        NOT NULL CHECK (kind IN ('dsn', 'mdn')),
    status             TEXT        NOT NULL,
    code               TEXT,
    label              TEXT,
    receipt_message_id TEXT        NOT NULL DEFAULT '',     -- the receipt's own Message-ID
    received_at        TIMESTAMPTZ NOT NULL,
    -- The same receipt processed again after a crash adds nothing.
    UNIQUE (sent_id, recipient, kind, status, receipt_message_id)
);
