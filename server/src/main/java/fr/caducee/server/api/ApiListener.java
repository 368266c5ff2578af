package fr.caducee.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.server.HttpsServer;
import fr.caducee.server.TlsMaterial;
import fr.caducee.rules.Rule;

/**
 * The HTTPS API ({@code caducee.api.bind}): TLS only, set up as every HTTPS listener of the server ({@link HttpsServer}:
 * the listeners' protocols and cipher suites, the server's certificate, {@code Strict-Transport-Security}); a client
 * certificate is asked for, not required. Every request is authenticated ({@link CallerAuthentication}) before the
 * {@link ApiResource} whose path is the longest prefix of its own answers it, except those an
 * {@link AnonymousResource} claims (mail clients' autoconfiguration), answered without. A refusal is written as a FHIR
 * {@code OperationOutcome} with its rule id and sentence, and audited; an unexpected failure is logged here and
 * answered 500 without any detail.
 */
public final class ApiListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(ApiListener.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String VIA = "api";
    private static final String CERTIFICATES = "javax.servlet.request.X509Certificate";

    private final List<ApiResource> resources;
    private final Set<AnonymousResource> anonymous;
    private final CallerAuthentication authentication;
    private final AuditTrail audit;
    private final HttpsServer https;

    public ApiListener(InetSocketAddress bind, TlsMaterial tls, Set<ApiResource> resources,
                       Set<AnonymousResource> anonymous, CallerAuthentication authentication, AuditTrail audit)
            throws Exception {
        this.resources = resources.stream().sorted(Comparator.comparingInt((ApiResource r) -> r.path().length())
            .reversed()).toList();
        this.anonymous = Set.copyOf(anonymous);
        this.authentication = authentication;
        this.audit = audit;
        this.https = new HttpsServer(VIA, bind, tls, HttpsServer.ClientCertificate.ASKED, 16, Duration.ofSeconds(30),
            new Dispatcher());
    }

    public void start() throws Exception {
        https.start();
        LOGGER.info("API listening on {}:{} (HTTPS)", https.host(), https.port());
    }

    public void stop() throws Exception {
        https.stop();
    }

    /** As the start-up banner shows it. */
    public String address() {
        return https.address();
    }

    private final class Dispatcher extends AbstractHandler {
        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            base.setHandled(true);
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            String remote = request.getRemoteAddr();
            Caller caller = null;
            try {
                String path = Optional.ofNullable(base.getHttpURI().getDecodedPath()).orElse("/");
                Optional<AnonymousResource> open = anonymous.stream().filter(r -> r.serves(path)).findFirst();
                if (open.isPresent()) {
                    write(response, open.get().answer(call(null, request, path, path), remote));
                    return;
                }
                caller = authentication.authenticate(Optional.ofNullable(request.getHeader("Authorization")),
                    certificates(request), remote);
                ApiResource resource = resourceOf(path);
                write(response, resource.answer(call(caller, request, path, resource.path())));
            } catch (ApiRefusal refusal) {
                refused(response, refusal, caller, request, remote);
            } catch (DirectoryUnavailableException e) {
                LOGGER.warn("API {} {}: directory unavailable: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
                refused(response, ApiRefusal.of(Rule.API_DIRECTORY_UNAVAILABLE,
                    "The directory cannot be reached: try again in a minute"), caller, request, remote);
            } catch (AuditUnavailableException e) {
                // Nothing is answered that the trail could not record; not audited either, for the same reason.
                LOGGER.error("API {} {}: audit trail unavailable: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
                write(response, OperationOutcomes.answer(Rule.API_AUDIT_UNAVAILABLE,
                    "The server cannot trace this request now: try again in a minute"));
            } catch (RuntimeException e) {
                LOGGER.error("API {} {} failed", request.getMethod(), request.getRequestURI(), e);
                write(response, OperationOutcomes.answer(Rule.API_INTERNAL_ERROR,
                    "The server could not answer this request; the operator has the details in its log"));
            }
        }

        private ApiCall call(Caller caller, HttpServletRequest request, String path, String resourcePath)
                throws IOException, ApiRefusal {
            String baseUrl = "https://" + request.getServerName() + ":" + request.getServerPort();
            return new ApiCall(caller, request.getMethod(), path, path.substring(resourcePath.length()),
                parameters(request.getQueryString()), name -> Optional.ofNullable(request.getHeader(name)),
                readBody(request), baseUrl);
        }

        private void refused(HttpServletResponse response, ApiRefusal refusal, Caller caller,
                             HttpServletRequest request, String remote) throws IOException {
            if (refusal.status() == 401) {
                response.setHeader("WWW-Authenticate", CallerAuthentication.REALM);
            }
            audit.append(AuditRecord.builder(Decision.REFUSED).via(VIA).rule(refusal.rule())
                .reason(refusal.status() + " " + request.getMethod() + " " + request.getRequestURI() + ": "
                    + refusal.sentence())
                .login(caller == null ? null : caller.login()).remote(remote).build());
            write(response, OperationOutcomes.answer(refusal.status(), refusal.rule(), refusal.sentence()));
        }
    }

    private ApiResource resourceOf(String path) throws ApiRefusal {
        for (ApiResource resource : resources) {
            if (path.equals(resource.path()) || path.startsWith(resource.path() + "/")) {
                return resource;
            }
        }
        throw ApiRefusal.of(Rule.API_NO_SUCH_RESOURCE, "Nothing is served at " + path);
    }

    private static List<X509Certificate> certificates(HttpServletRequest request) {
        Object chain = request.getAttribute(CERTIFICATES);
        return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
    }

    private static byte[] readBody(HttpServletRequest request) throws IOException, ApiRefusal {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw ApiRefusal.of(Rule.API_BODY_TOO_LARGE, "A request body is at most " + MAX_BODY_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ApiRefusal.of(Rule.API_BODY_TOO_LARGE, "A request body is at most " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    /** The query's parameters in their order; a name given several times keeps every value. */
    static Map<String, List<String>> parameters(String query) throws ApiRefusal {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw ApiRefusal.of(Rule.API_QUERY_UNREADABLE, "The query string is not URL-encoded correctly");
            }
        }
        return parameters;
    }

    private static void write(HttpServletResponse response, ApiAnswer answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
