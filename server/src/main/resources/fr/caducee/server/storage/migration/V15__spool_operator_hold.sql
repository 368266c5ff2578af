-- An operator's hold (caducee queue hold, like postsuper -h): the mail stays in its queue, is neither delivered nor
-- retried, nor flushed, until the operator releases it; it survives restarts. Distinct from awaiting_record, which
-- only SMTP acceptance uses (and whose rows left by a dead JVM are deleted at start). RemoteDelivery writes a new row
-- for each retry: the new row inherits the hold of the row it replaces (same queue and mail name).
ALTER TABLE caducee_spool ADD COLUMN on_hold BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX caducee_spool_on_hold ON caducee_spool (queue_name, mail_name) WHERE on_hold;
