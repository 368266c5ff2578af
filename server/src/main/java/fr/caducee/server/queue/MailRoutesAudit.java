package fr.caducee.server.queue;

import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.rules.Rule;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * James's own queue and repository routes ({@code /mailQueues}, {@code /mailRepositories}) change mail too (a
 * repository reprocessed or cleared, a queue flushed or emptied): each change they answer with 2xx is recorded after
 * the answer ({@code OPERATOR_ACTION}, rule {@code mail-administered}) with the token's subject, the method, the path
 * (a repository's mail key is in it) and the status. Reads are not recorded. Declared public so that James adds no
 * filter of its own; the token is checked by the filter on every path.
 */
public final class MailRoutesAudit implements PublicRoutes {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailRoutesAudit.class);
    static final Rule RULE = Rule.MAIL_ADMINISTERED;
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditTrail trail;

    @Inject
    public MailRoutesAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public String getBasePath() {
        return "/mailQueues";
    }

    @Override
    public void define(Service service) {
        service.after("/mailQueues/*", this::record);
        service.after("/mailRepositories/*", this::record);
    }

    void record(Request request, Response response) {
        int status = response.raw().getStatus();
        if (!CHANGES.contains(request.requestMethod()) || status / 100 != 2) {
            return;
        }
        String what = request.requestMethod() + " " + request.pathInfo()
            + (request.queryString() == null ? "" : "?" + request.queryString()) + " answered " + status;
        try {
            trail.append(AuditRecord.builder(RULE.decision())
                .rule(RULE.id())
                .reason(what)
                .via("webadmin")
                .login(request.attribute(AuthenticationFilter.LOGIN))
                .remote(request.ip())
                .build());
        } catch (AuditUnavailableException e) {
            // The change is made and answered: the log keeps what the trail could not.
            LOGGER.error("Audit trail unavailable, not recorded: {}", what, e);
        }
    }
}
