-- A message SMTP accepts is first held in the spool (awaiting_record, claimed by the accepting JVM so that no spool
-- thread takes it), then its ACCEPTED record is written to the audit trail, then it is released and answered 250: the
-- trail records exactly the messages the spool has. A held row left by a JVM that died is settled at the next start:
-- released when the trail holds its ACCEPTED record, deleted otherwise (its client never read 250).
ALTER TABLE caducee_spool ADD COLUMN awaiting_record BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX caducee_spool_held ON caducee_spool (id) WHERE awaiting_record;
