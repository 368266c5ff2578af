-- The webmail's lockout counts consecutive failures per address typed; a day without any failure forgets them
-- (webmail.login.Lockout), so that a patient's old mistakes do not lock them at the first new one, and rows for
-- addresses typed once do not pile up.
ALTER TABLE webmail_lockout ADD COLUMN last_failure TIMESTAMPTZ NOT NULL DEFAULT now();
