-- The hospital gateway (gateway/, server/gateway). docs/GATEWAY.md tells the flows; here is what they keep.

-- Every HL7 message a hospital sent that was acknowledged, keyed by the sending box (the peer's certificate) and
-- MSH-10: a message sent again gets the acknowledgement it got the first time and changes nothing. Written once the
-- message's effects are durable (its mails accepted by the submission chain, its outcome rows committed); the answer
-- is given after this commit. Running the route again before it (a crash in between) sends nothing twice.
CREATE TABLE gateway_message (
    peer_box        TEXT        NOT NULL,
    control_id      TEXT        NOT NULL,   -- MSH-10
    message_type    TEXT        NOT NULL,   -- MSH-9, e.g. ADT^A04, ORU^R01
    sending_app     TEXT        NOT NULL,   -- MSH-3, written back as MSH-5 of the receipts (ZAM)
    sending_facility TEXT       NOT NULL,   -- MSH-4
    receiving_app   TEXT        NOT NULL,   -- MSH-5
    receiving_facility TEXT     NOT NULL,   -- MSH-6
    version         TEXT        NOT NULL,   -- MSH-12
    received_at     TIMESTAMPTZ NOT NULL,
    ack_code        TEXT        NOT NULL,   -- MSA-1: AA or AE (AR is never stored: the sender retries)
    ack             BYTEA       NOT NULL,   -- the acknowledgement as sent, in the message's character set
    summary         TEXT        NOT NULL,   -- what it caused, as the audit trail says it
    PRIMARY KEY (peer_box, control_id)
);

-- Each mail the gateway submits, written before it is submitted under a Message-ID drawn from the HL7 message (box,
-- MSH-10, purpose, recipient): a submission made again after a crash has the same Message-ID, and the spool's first
-- mailet (GatewayDuplicates) lets through only the mail that claimed the row (mail_name). Receipts (DSN, MDN, the
-- record's) are matched to the HL7 message through this table to send ZAM^Z01/Z02/Z03 back.
CREATE TABLE gateway_mail (
    message_id      TEXT        PRIMARY KEY,
    peer_box        TEXT        NOT NULL,
    control_id      TEXT        NOT NULL,
    purpose         TEXT        NOT NULL,   -- ED_NOTICE, ED_CORRECTION, ED_SUMMARY, RECORD, PROFESSIONAL, PATIENT
    recipient       TEXT        NOT NULL,
    recipient_id    TEXT,                   -- the recipient's idNat or INS as the HL7 message named it (ZAM OBX-4)
    wants_delivery  BOOLEAN     NOT NULL DEFAULT FALSE,  -- ACK_RECEPTION: a ZAM^Z02 per DSN
    wants_reading   BOOLEAN     NOT NULL DEFAULT FALSE,  -- ACK_LECTURE_MSS: a ZAM^Z03 per MDN
    mail_name       TEXT,                   -- the spool's name of the mail that claimed it
    submitted_at    TIMESTAMPTZ,            -- the chain's 250
    refused         TEXT,                   -- the chain's refusal: reply, rule id, sentence
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX gateway_mail_message ON gateway_mail (peer_box, control_id);

-- The arrivals at an emergency department and what became of telling each patient's GP. One row per visit
-- (the hospital, PV1-19 or ZBE-1); a later message about the same visit (A01 after A04, a cancellation) updates it.
CREATE TABLE gateway_ed_arrival (
    peer_box        TEXT        NOT NULL,
    visit_id        TEXT        NOT NULL,
    control_id      TEXT        NOT NULL,   -- the message that last changed the row
    day             DATE        NOT NULL,   -- the arrival's day, in the server's zone (caducee.gateway.zone)
    arrived_at      TIMESTAMPTZ NOT NULL,   -- EVN-6, else EVN-2, else MSH-7
    department      TEXT        NOT NULL,   -- PV1-3 as written, the ED
    ins             TEXT,
    patient_name    TEXT        NOT NULL,
    birth_date      DATE,
    gp_id           TEXT,                   -- the GP's idNat (8+RPPS, 0+ADELI) when the message named one
    gp_name         TEXT,
    gp_box          TEXT,                   -- the box the notice went to
    outcome         TEXT        NOT NULL,   -- SENT, NO_GP, GP_UNKNOWN, GP_NO_BOX, GP_BOX_SUSPENDED, REFUSED, CANCELLED
    reason          TEXT        NOT NULL,   -- a sentence for the ED's summary
    notice_message_id TEXT,                 -- gateway_mail of the notice, when one left
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (peer_box, visit_id)
);
CREATE INDEX gateway_ed_arrival_day ON gateway_ed_arrival (day, peer_box);

-- The daily summary sent to each ED's ORG box, once per hospital and day.
CREATE TABLE gateway_ed_summary (
    peer_box        TEXT        NOT NULL,
    day             DATE        NOT NULL,
    message_id      TEXT        NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (peer_box, day)
);

-- Business receipts (ZAM^Z01, Z02, Z03) waiting to be sent back to the hospital over MLLP, until it answers AA.
-- One per receipt row it comes from (source): a receipt matched twice adds nothing.
CREATE TABLE gateway_return (
    id              BIGSERIAL   PRIMARY KEY,
    peer_box        TEXT        NOT NULL,
    source          TEXT        NOT NULL UNIQUE,  -- e.g. receipt:<caducee_receipt id>, refused:<message_id>
    control_id      TEXT        NOT NULL,         -- MSH-10 of the ZAM
    kind            TEXT        NOT NULL,         -- Z01, Z02, Z03
    message         BYTEA       NOT NULL,         -- the ZAM as it is sent
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt    TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    acked_at        TIMESTAMPTZ
);
CREATE INDEX gateway_return_due ON gateway_return (next_attempt) WHERE acked_at IS NULL;
