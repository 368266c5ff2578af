package fr.caducee.server.webadmin;

import static spark.Spark.halt;

import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.trust.admin.AdminToken;
import fr.caducee.trust.admin.OperatorKey;
import spark.Request;
import spark.Response;

/**
 * Every WebAdmin request but the health check carries a token signed with the {@link OperatorKey}
 * ({@code Authorization: Bearer ...}): signature, {@code admin: true} and expiry checked by James's verifier, an
 * expiry required (a token that never expires is refused). Otherwise {@code 401}, a sentence saying how to get a
 * token, and a record in the audit trail (rule {@value #RULE}). A metrics token ({@code scope: metrics}, no
 * {@code admin}; {@link AdminToken#mintMetrics}) opens {@code GET /metrics} and nothing else: elsewhere {@code 403}
 * and a record (rule {@code webadmin-token-scope}).
 *
 * <p>Bound in place of James's own filter, which it applies to the base path of each route set; and applied to
 * every other path by {@link EveryRouteAuthenticated}. Authentication is not a setting: {@code jwt.enabled} in
 * webadmin.properties does not turn it off.
 */
public final class AdminTokenFilter implements AuthenticationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminTokenFilter.class);
    static final Rule RULE = Rule.WEBADMIN_UNAUTHENTICATED;
    static final Rule SCOPE_RULE = Rule.WEBADMIN_TOKEN_SCOPE;
    static final String METRICS = "/metrics";
    static final String METRICS_ONLY = "This token only reads GET /metrics (scope: metrics): use an operator token for "
        + "other routes (scripts/directory token)";
    static final String HEALTH_CHECK = "/healthcheck";
    static final String NO_TOKEN = "No token: send 'Authorization: Bearer <token>', a token signed with the operator "
        + "key of the data folder (scripts/directory token prints one)";
    static final String INVALID_TOKEN = "Invalid token: not signed with this server's operator key, expired, or "
        + "malformed; mint a new one (scripts/directory token)";
    static final String NOT_ADMIN = "Invalid token: it does not carry admin: true; mint one with scripts/directory token";
    static final String NO_EXPIRY = "Invalid token: it has no expiry (exp); mint one with scripts/directory token";
    private static final String BEARER = "Bearer ";

    private final JwtTokenVerifier verifier;
    private final AuditTrail trail;

    @Inject
    public AdminTokenFilter(WebAdminConfiguration configuration,
                            @Named("webadmin") JwtTokenVerifier.Factory verifiers, AuditTrail trail) {
        this(verifier(configuration, verifiers), trail);
    }

    AdminTokenFilter(JwtTokenVerifier verifier, AuditTrail trail) {
        this.verifier = verifier;
        this.trail = trail;
    }

    @Override
    public void handle(Request request, Response response) {
        if (isHealthCheck(request.pathInfo()) || request.attribute(LOGIN) != null) {
            return;
        }
        Optional<String> token = Optional.ofNullable(request.headers("Authorization"))
            .filter(value -> value.startsWith(BEARER))
            .map(value -> value.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            refuse(request, response, NO_TOKEN);
            return;
        }
        Optional<String> login = verifier.verifyAndExtractLogin(token.get());
        if (login.isEmpty()) {
            refuse(request, response, INVALID_TOKEN);
            return;
        }
        boolean admin = verifier.hasAttribute("admin", true, token.get());
        boolean metricsOnly = !admin
            && verifier.hasAttribute(AdminToken.SCOPE_CLAIM, AdminToken.METRICS_SCOPE, token.get());
        if (!admin && !metricsOnly) {
            refuse(request, response, NOT_ADMIN);
            return;
        }
        if (verifier.verifyAndExtractClaim(token.get(), "exp", Object.class).isEmpty()) {
            refuse(request, response, NO_EXPIRY);
            return;
        }
        if (metricsOnly && !isMetricsRead(request)) {
            forbid(request, response);
            return;
        }
        request.attribute(LOGIN, login.get());
    }

    private static JwtTokenVerifier verifier(WebAdminConfiguration configuration, JwtTokenVerifier.Factory verifiers) {
        if (!configuration.isEnabled()) {
            return null;
        }
        if (configuration.getJwtPublicKey().isEmpty()) {
            // James would fall back on JMAP's key, and fail to start with a message about JMAP.
            throw new IllegalStateException("webadmin.properties: jwt.publickeypem.url must name the operator public key"
                + " (file://${sys:" + OperatorKey.PUBLIC_KEY_PROPERTY + "})");
        }
        return verifiers.create();
    }

    private static boolean isMetricsRead(Request request) {
        return "GET".equals(request.requestMethod()) && METRICS.equals(request.pathInfo());
    }

    static boolean isHealthCheck(String path) {
        return path != null && (path.equals(HEALTH_CHECK) || path.startsWith(HEALTH_CHECK + "/"));
    }

    /** A valid metrics token on another route: who it is is known, what it asks is not allowed. */
    private void forbid(Request request, Response response) {
        record(request, SCOPE_RULE, "403 " + METRICS_ONLY);
        LOGGER.warn("WebAdmin {} {} refused for {}: {}", request.requestMethod(), request.pathInfo(), request.ip(),
            METRICS_ONLY);
        response.type("application/json");
        throw halt(403, "{\"statusCode\":403,\"type\":\"Forbidden\",\"message\":\"" + METRICS_ONLY + "\"}");
    }

    private void refuse(Request request, Response response, String sentence) {
        record(request, RULE, "401 " + sentence);
        LOGGER.warn("WebAdmin {} {} refused for {}: {}", request.requestMethod(), request.pathInfo(), request.ip(),
            sentence);
        response.header("WWW-Authenticate", "Bearer realm=\"caducee-webadmin\"");
        response.type("application/json");
        throw halt(401, "{\"statusCode\":401,\"type\":\"Unauthorized\",\"message\":\"" + sentence + "\"}");
    }

    private void record(Request request, Rule rule, String reply) {
        try {
            trail.append(AuditRecord.builder(Decision.REFUSED)
                .rule(rule.id())
                .reason(reply + " (" + request.requestMethod() + " " + request.pathInfo() + ")")
                .via("webadmin")
                .remote(request.ip())
                .build());
        } catch (AuditUnavailableException e) {
            // The refusal stands: it protects the server whether or not the trail can record it.
            LOGGER.error("Audit trail unavailable, WebAdmin refusal not recorded: {}", reply, e);
        }
    }
}
