-- The patient webmail (webmail/): each patient's second factor and the personal address notices go to
-- (webmail_account), their unspent recovery codes, failed logins per address (known or not, so that a lock says
-- nothing about whether the address exists), and the notices waiting for the outbound relay.
CREATE TABLE webmail_account (
    patient         TEXT        PRIMARY KEY,           -- the patient's box address, lower case
    totp_secret     BYTEA,                             -- sealed (AES-GCM) under the key of <data>/secrets; null until enrolled
    totp_enrolled   TIMESTAMPTZ,
    totp_last_step  BIGINT      NOT NULL DEFAULT 0,    -- the last RFC 6238 time step accepted: a code is good once
    notify_address  TEXT,                              -- where notices without health data go; null: none
    last_login      TIMESTAMPTZ
);

CREATE TABLE webmail_recovery_code (
    patient    TEXT        NOT NULL REFERENCES webmail_account ON DELETE CASCADE,
    code_hash  TEXT        NOT NULL,                   -- PBKDF2, as the directory hashes passwords
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (patient, code_hash)
);

CREATE TABLE webmail_lockout (
    login         TEXT        PRIMARY KEY,             -- the address typed, lower case
    failures      INTEGER     NOT NULL DEFAULT 0,      -- consecutive, reset by a full login
    locked_until  TIMESTAMPTZ
);

-- One row per notice to send: written just after the message is delivered to the patient's box (V10, docs/WEBMAIL.md,
-- "Notices"), sent by the relay worker with retries; at most one notice per patient per quarter of an hour is sent.
CREATE TABLE webmail_notice (
    notice_id     BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient       TEXT        NOT NULL,
    kind          TEXT        NOT NULL CHECK (kind IN ('message', 'document')),
    created       TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts      INTEGER     NOT NULL DEFAULT 0,
    next_attempt  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ,
    last_error    TEXT
);
CREATE INDEX webmail_notice_due ON webmail_notice (next_attempt) WHERE sent_at IS NULL;
CREATE INDEX webmail_notice_patient ON webmail_notice (patient, created);
