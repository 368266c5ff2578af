-- Notices to patients' personal addresses (server/webmail: NoticeOnDelivery writes them, NoticeRelay sends them).
-- At most one notice waits per patient: a later event finds it pending and is told by it (coalesced), which the
-- unique index makes true under concurrent deliveries. A notice the relay never took within a day is given up,
-- kept with its last error for the operator, and no longer waits.
ALTER TABLE webmail_notice ADD COLUMN given_up TIMESTAMPTZ;
CREATE UNIQUE INDEX webmail_notice_pending ON webmail_notice (patient) WHERE sent_at IS NULL AND given_up IS NULL;
DROP INDEX webmail_notice_due;
CREATE INDEX webmail_notice_due ON webmail_notice (next_attempt) WHERE sent_at IS NULL AND given_up IS NULL;
