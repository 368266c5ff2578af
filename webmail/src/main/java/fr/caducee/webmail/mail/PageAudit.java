package fr.caducee.webmail.mail;

import java.time.Clock;
import java.util.List;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * The audit records of the pages' own actions (a conversation read, an attachment downloaded, a setting changed) and
 * of the refusals a page shows itself rather than throwing (so as to keep what the patient typed). Login: the patient
 * at the screen; recipients: the open box (a representative's reading of a child's box names the child's box);
 * reason: the method and path, never a subject, a body or a file name.
 */
public final class PageAudit {
    static final String VIA = "webmail";

    private final AuditTrail trail;
    private final Clock clock;

    public PageAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /** A patient's action; {@code what} adds to the method and path when they do not say it all. */
    public void action(WebRequest request, Rule rule, String what) {
        append(request, rule, request.method() + " " + request.path() + (what.isEmpty() ? "" : ": " + what));
    }

    /** A refusal answered by a page that keeps the form: nothing was changed or sent. */
    public void refusal(WebRequest request, WebRefusal refusal) {
        append(request, refusal.rule(), refusal.status() + " " + request.method() + " " + request.path());
    }

    private void append(WebRequest request, Rule rule, String reason) {
        trail.append(AuditRecord.builder(rule.decision())
            .time(clock.instant())
            .rule(rule.id())
            .reason(reason)
            .via(VIA)
            .login(request.viewer().loginAddress())
            .recipients(List.of(request.viewer().boxAddress()))
            .session(request.sessionId())
            .remote(request.remote())
            .build());
    }
}
