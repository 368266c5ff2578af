-- The shared-record service (records/): the documents of each patient's record, the deposits that brought them, who
-- read them and what the patient chose. In the server's database, next to conversations and mailboxes, so that a
-- deposit, its documents and the receipt's row in caducee_spool are written in one transaction.

-- One row per version of a document. A replacement adds a row and marks the previous one superseded; a deletion marks
-- the current one deleted: nothing is ever removed, so that every access stays traceable to what was read.
CREATE TABLE record_document (
    id                    UUID        PRIMARY KEY,
    unique_id             TEXT        NOT NULL UNIQUE,        -- CDA ClinicalDocument/id, XDS uniqueId
    set_id                TEXT        NOT NULL,               -- CDA setId: the versions of one document
    version               INTEGER     NOT NULL,               -- CDA versionNumber
    patient_ins           TEXT        NOT NULL,               -- INS matricule
    ins_authority         TEXT        NOT NULL,               -- its OID (NIR, NIA, test, demo)
    author_idnat          TEXT        NOT NULL,
    type_code             TEXT        NOT NULL,               -- LOINC
    title                 TEXT        NOT NULL,
    confidentiality       TEXT[]      NOT NULL,               -- N, MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REP_LEGAUX...
    effective_time        TIMESTAMPTZ,
    status                TEXT        NOT NULL CHECK (status IN ('current', 'superseded', 'deleted')),
    replaces              UUID        REFERENCES record_document (id),
    media_type            TEXT        NOT NULL,
    size                  BIGINT      NOT NULL,
    sha256                BYTEA       NOT NULL,
    content               BYTEA       NOT NULL,
    deposited_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    deposited_by          TEXT        NOT NULL,               -- the sending box
    deposit_message_id    TEXT        NOT NULL,
    status_changed_at     TIMESTAMPTZ
);
-- A patient's record as read: the current documents, newest first.
CREATE INDEX record_document_patient ON record_document (patient_ins, status, deposited_at DESC);
-- The current version of a set, for replacement and deletion (one current version per set at most).
CREATE UNIQUE INDEX record_document_current_of_set ON record_document (set_id) WHERE status = 'current';

-- One row per message handled by the record's box, whatever its outcome: a second delivery of the same message (the
-- spool redelivers after a crash) finds it and does nothing more, so a deposit and its receipt happen exactly once.
CREATE TABLE record_deposit (
    message_id            TEXT        NOT NULL,
    recipient             TEXT        NOT NULL,               -- the record box it was addressed to
    sender_box            TEXT        NOT NULL,
    outcome               TEXT        NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'refused')),
    error_code            INTEGER,                            -- 900-906 when refused
    rule                  TEXT,
    documents             UUID[]      NOT NULL,
    handled_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, recipient)
);

-- Every access to a record (search or read), as the patient and their GP see it.
CREATE TABLE record_access (
    id                    BIGSERIAL   PRIMARY KEY,
    patient_ins           TEXT        NOT NULL,
    document_id           UUID        REFERENCES record_document (id),   -- NULL for a search
    action                TEXT        NOT NULL CHECK (action IN ('search', 'read')),
    reader                TEXT        NOT NULL,               -- idNat of a professional, INS of the patient, or a box
    reader_box            TEXT,
    profession            TEXT,                               -- profession code of a professional reader
    mode                  TEXT        NOT NULL CHECK (mode IN ('normal', 'emergency', 'regulator', 'patient')),
    justification         TEXT,                               -- required for emergency and regulator modes
    accessed_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX record_access_patient ON record_access (patient_ins, accessed_at DESC);

-- The professionals who have read a patient's record, for the notification at a new one's first access.
CREATE TABLE record_reader (
    patient_ins           TEXT        NOT NULL,
    reader                TEXT        NOT NULL,
    first_access          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_ins, reader)
);

-- What the patient chose: refusing emergency access, their declared GP (médecin traitant), who also reads the log.
CREATE TABLE record_patient (
    patient_ins           TEXT        PRIMARY KEY,
    emergency_refused     BOOLEAN     NOT NULL DEFAULT FALSE,
    gp_idnat              TEXT,
    updated               TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Professionals a patient has blocked from their record.
CREATE TABLE record_blocked_reader (
    patient_ins           TEXT        NOT NULL,
    reader_idnat          TEXT        NOT NULL,
    blocked_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_ins, reader_idnat)
);
