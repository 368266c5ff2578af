package fr.caducee.webmail.web;

import java.time.Clock;

import fr.caducee.audit.AuditRecord;
import fr.caducee.rules.Rule;

/** Audit records of the webmail: {@code via webmail}, the rule's id and decision, the time of the webmail's clock. */
public final class WebAudit {
    public static final String VIA = "webmail";

    private WebAudit() {
    }

    /** A record of this rule (an action or a refusal), to be completed with the login, session and remote address. */
    public static AuditRecord.Builder of(Rule rule, Clock clock) {
        return AuditRecord.builder(rule.decision()).rule(rule.id()).via(VIA).time(clock.instant());
    }
}
