package fr.caducee.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.login.Lockout;
import fr.caducee.webmail.login.LoginFlow;
import fr.caducee.webmail.login.PasswordChange;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.session.Binding;
import fr.caducee.webmail.session.CsrfGuard;
import fr.caducee.webmail.session.OpenBox;
import fr.caducee.webmail.session.Session;
import fr.caducee.webmail.session.SessionCookie;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Downloads;
import fr.caducee.webmail.web.RefusalPage;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.Templates;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * Every request to the webmail: the security headers on every answer (a Content-Security-Policy that allows no
 * script at all, no framing, no form posted elsewhere), GET and POST only, the stylesheet, the body read within its
 * limit, the session found and checked, the CSRF token of every POST, then the login pages, the core pages (password,
 * boxes, recovery codes) and the page groups in turn. A refusal is a page with its rule's status and id, audited; the
 * directory, the database or the audit trail unreachable is a 503; anything else a 500, logged here with its
 * details and shown without them.
 */
public final class WebmailHandler extends AbstractHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebmailHandler.class);
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
        + "magnetometer=(), microphone=(), payment=(), usb=()";
    static final String STYLESHEET = "/static/caducee.css";
    static final String LOGOUT = "/deconnexion";
    private static final String LOGGED_OUT = "/connexion?fin=deconnexion";

    private final Services services;
    private final List<Pages> pages;
    private final Templates templates;
    private final Sessions sessions;
    private final CsrfGuard csrf;
    private final LoginFlow login;
    private final PasswordChange passwordChange;
    private final OpenBox boxes;
    private final Lockout lockout;
    private final byte[] stylesheet;
    private ScheduledExecutorService reaper;

    WebmailHandler(Services services, List<Pages> pages, Templates templates, Sessions sessions, CsrfGuard csrf,
                   LoginFlow login, PasswordChange passwordChange, OpenBox boxes, Lockout lockout) {
        this.services = services;
        this.pages = List.copyOf(pages);
        this.templates = templates;
        this.sessions = sessions;
        this.csrf = csrf;
        this.login = login;
        this.passwordChange = passwordChange;
        this.boxes = boxes;
        this.lockout = lockout;
        this.stylesheet = resource("static/caducee.css");
    }

    /** Timed-out sessions are ended (and audited) every minute even when nobody comes back to notice. */
    @Override
    protected void doStart() throws Exception {
        reaper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webmail-sessions");
            thread.setDaemon(true);
            return thread;
        });
        reaper.scheduleWithFixedDelay(this::reap, 1, 1, TimeUnit.MINUTES);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        reaper.shutdownNow();
        super.doStop();
    }

    private void reap() {
        try {
            sessions.reap();
            lockout.forgetQuiet();
        } catch (RuntimeException e) {
            LOGGER.warn("Webmail sessions and lockouts not tidied this minute: {}", e.toString());
        }
    }

    Sessions sessions() {
        return sessions;
    }

    /** What one request went through, for its refusal's page and audit record. */
    private static final class Visit {
        final String method;
        final String path;
        final String remote;
        Session session;

        Visit(String method, String path, String remote) {
            this.method = method;
            this.path = path;
            this.remote = remote;
        }

        String login() {
            return session == null ? null : session.patient();
        }
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        base.setHandled(true);
        String path = Optional.ofNullable(base.getHttpURI().getDecodedPath()).orElse("/");
        Visit visit = new Visit(request.getMethod(), path, request.getRemoteAddr());
        secure(response);
        try {
            answer(visit, request, response);
        } catch (WebRefusal refusal) {
            refuse(visit, refusal, response);
        } catch (AuditUnavailableException e) {
            // Nothing is answered that the trail could not record; not audited either, for the same reason.
            LOGGER.error("Webmail {} {}: audit trail unavailable: {}", visit.method, path, e.getMessage());
            fail(visit, Rule.WEBMAIL_UNAVAILABLE, response, false);
        } catch (RuntimeException e) {
            if (unavailable(e)) {
                LOGGER.warn("Webmail {} {}: {}", visit.method, path, e.toString());
                fail(visit, Rule.WEBMAIL_UNAVAILABLE, response, true);
            } else {
                LOGGER.error("Webmail {} {} failed", visit.method, path, e);
                fail(visit, Rule.WEBMAIL_INTERNAL_ERROR, response, true);
            }
        }
    }

    private void answer(Visit visit, HttpServletRequest request, HttpServletResponse response)
            throws IOException, WebRefusal {
        boolean post = visit.method.equals("POST");
        if (!post && !visit.method.equals("GET")) {
            response.setHeader("Allow", "GET, POST");
            throw new WebRefusal(Rule.WEBMAIL_NOT_FOUND, "Cette adresse ne s'utilise qu'en consultant ou en "
                + "envoyant un formulaire de la messagerie.");
        }
        if (visit.path.equals(STYLESHEET) && !post) {
            response.setHeader("Cache-Control", "public, max-age=86400");
            write(response, 200, "text/css; charset=utf-8", stylesheet);
            return;
        }
        Binding binding = Binding.of(request.getHeader("User-Agent"), visit.remote);
        Optional<String> cookie = SessionCookie.from(request.getHeaders("Cookie"));
        Optional<Session> session;
        try {
            session = cookie.isPresent() ? sessions.find(cookie.get(), binding) : Optional.empty();
        } catch (WebRefusal ended) {
            response.addHeader("Set-Cookie", SessionCookie.clear());
            throw ended;
        }
        visit.session = session.orElse(null);
        if (post) {
            csrf.checkSource(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), visit.login());
        }
        // The body is read once the session is known (a refusal then names the patient), and before anything else.
        Map<String, String> query = Form.query(request.getQueryString());
        Form form = post ? Form.read(request, services.settings().uploadLimit()) : Form.EMPTY;
        if (login.answers(visit.path)) {
            loginPage(visit, form, query, cookie, binding, response);
        } else if (visit.path.equals(LOGOUT) && post) {
            logout(visit, form, response);
        } else if (session.isEmpty()) {
            if (cookie.isPresent()) {
                throw Sessions.unknown();
            }
            redirect(response, "/connexion");
        } else if (!session.get().open()) {
            redirect(response, login.resume(session.get()));
        } else {
            signedIn(visit, session.get(), query, form, response);
        }
    }

    private void loginPage(Visit visit, Form form, Map<String, String> query, Optional<String> cookie,
                           Binding binding, HttpServletResponse response) throws IOException, WebRefusal {
        if (visit.session != null && visit.session.open()) {
            redirect(response, "/");
            return;
        }
        LoginFlow.Outcome outcome = login.answer(new LoginFlow.Request(visit.method, visit.path, form,
            Optional.ofNullable(visit.session), cookie, binding));
        outcome.cookie().ifPresent(value -> response.addHeader("Set-Cookie", SessionCookie.set(value)));
        String notice = "deconnexion".equals(query.get("fin")) ? "Vous êtes déconnecté. À bientôt." : null;
        render(outcome.answer(), new Templates.Layout(false, null, null, outcome.csrf(), notice, null, Map.of()),
            null, response);
    }

    private void logout(Visit visit, Form form, HttpServletResponse response) throws IOException, WebRefusal {
        if (visit.session != null) {
            csrf.checkToken(visit.session.csrf(), form, visit.login());
            sessions.end(visit.session, Sessions.Ending.LOGOUT);
            visit.session = null;
        }
        response.addHeader("Set-Cookie", SessionCookie.clear());
        redirect(response, LOGGED_OUT);
    }

    private void signedIn(Visit visit, Session session, Map<String, String> query, Form form,
                          HttpServletResponse response) throws IOException, WebRefusal {
        Optional<OpenBox.Opened> opened = boxes.opened(session);
        if (opened.isEmpty()) {
            sessions.end(session, Sessions.Ending.ACCOUNT_INACTIVE);
            visit.session = null;
            response.addHeader("Set-Cookie", SessionCookie.clear());
            throw sessions.expired(session, Sessions.Ending.ACCOUNT_INACTIVE);
        }
        Viewer viewer = opened.get().viewer();
        if (visit.method.equals("POST")) {
            csrf.checkToken(session.csrf(), form, session.patient());
        }
        WebRequest request = new WebRequest(visit.method, visit.path, query, form.fields(), form.uploads(), viewer,
            session.auditId(), visit.remote);
        Answer answer = core(request, session, opened.get(), form);
        for (int i = 0; answer == null && i < pages.size(); i++) {
            answer = pages.get(i).answer(request).orElse(null);
        }
        if (answer == null) {
            throw notFound();
        }
        render(answer, layout(session, opened.get(), visit.path, session.takeNotice()), session, response);
    }

    /** The pages of the session itself: the home, the recovery codes, the password, the boxes. */
    private Answer core(WebRequest request, Session session, OpenBox.Opened opened, Form form) throws WebRefusal {
        switch (request.path()) {
            case "/":
                return request.isGet() ? Answer.Redirect.to("/conversations") : null;
            case LoginFlow.RECOVERY_CODES:
                List<String> codes = request.isGet() ? session.takeRecoveryCodes() : null;
                return codes == null ? Answer.Redirect.to("/") : Answer.Page.ok("codes-de-secours",
                    "Vos codes de secours", Map.of("codes", codes));
            case PasswordChange.PATH:
                return request.isGet() ? passwordChange.page()
                    : passwordChange.change(opened.viewer().login(), form, session, request.remote());
            case OpenBox.PATH:
                return request.isGet() ? boxes.page(opened) : boxes.open(opened, form, session, request.remote());
            default:
                return null;
        }
    }

    private static Templates.Layout layout(Session session, OpenBox.Opened opened, String path, String notice) {
        Viewer viewer = opened.viewer();
        Map<String, String> others = new LinkedHashMap<>();
        opened.represented().forEach(child -> others.put(child.ins().matricule(), OpenBox.name(child)));
        return new Templates.Layout(true, OpenBox.name(viewer.box()),
            viewer.representative() ? OpenBox.name(viewer.login()) : null, session.csrf(), notice, section(path),
            others);
    }

    /** Which entry of the navigation a path is under. */
    static String section(String path) {
        String first = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
        return switch (first) {
            case "conversations", "nouveau", "messages" -> "messages";
            case "documents" -> "documents";
            case "acces" -> "acces";
            case "reglages", "mot-de-passe", "boites" -> "reglages";
            default -> null;
        };
    }

    private void render(Answer answer, Templates.Layout layout, Session session, HttpServletResponse response)
            throws IOException {
        if (answer instanceof Answer.Page page) {
            write(response, page.status(), "text/html; charset=utf-8",
                templates.render(page, layout).getBytes(StandardCharsets.UTF_8));
        } else if (answer instanceof Answer.Redirect redirect) {
            if (redirect.notice() != null && session != null) {
                session.notice(redirect.notice());
            }
            redirect(response, redirect.path());
        } else if (answer instanceof Answer.File file) {
            Download download = file.download();
            response.setHeader("Content-Disposition", Downloads.contentDisposition(download.fileName()));
            write(response, 200, Downloads.mediaType(download.mediaType()), download.content());
        }
    }

    private void refuse(Visit visit, WebRefusal refusal, HttpServletResponse response) throws IOException {
        // The refusal's own login first: on the login page, the address typed, even while the browser holds another
        // patient's login in progress.
        String login = refusal.login().orElse(visit.login());
        try {
            services.audit().append(WebAudit.of(refusal.rule(), services.clock())
                .reason(refusal.status() + " " + visit.method + " " + visit.path + ": " + refusal.sentence())
                .login(login).session(visit.session == null ? null : visit.session.auditId()).remote(visit.remote)
                .build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Webmail {} {}: refusal {} not recorded, audit trail unavailable: {}", visit.method,
                visit.path, refusal.rule().id(), e.getMessage());
            fail(visit, Rule.WEBMAIL_UNAVAILABLE, response, false);
            return;
        }
        if (response.isCommitted()) {
            return;
        }
        Optional<Templates.Layout> signedIn = visit.session != null && visit.session.open()
            ? signedInLayout(visit.session, visit.path) : Optional.empty();
        write(response, refusal.status(), "text/html; charset=utf-8", templates.render(
            RefusalPage.of(refusal, signedIn.isPresent()), signedIn.orElse(Templates.Layout.signedOut(null)))
            .getBytes(StandardCharsets.UTF_8));
    }

    /** The layout of a refusal page in a session, when the directory still says whose box is open. */
    private Optional<Templates.Layout> signedInLayout(Session session, String path) {
        try {
            return boxes.opened(session).map(opened -> layout(session, opened, path, null));
        } catch (WebRefusal | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A 503 or a 500 page, audited when the trail is there; never a detail of the failure. */
    private void fail(Visit visit, Rule rule, HttpServletResponse response, boolean audit) throws IOException {
        String sentence = rule == Rule.WEBMAIL_UNAVAILABLE
            ? "La messagerie ne peut pas répondre pour le moment. Rien n'a été modifié : réessayez dans quelques "
                + "minutes."
            : "Une erreur inattendue s'est produite et l'équipe technique en a le détail. Rien n'a été modifié : "
                + "réessayez, et si l'erreur persiste, signalez-la avec le code ci-dessous.";
        WebRefusal refusal = new WebRefusal(rule, sentence);
        if (audit) {
            try {
                services.audit().append(WebAudit.of(rule, services.clock()).reason(refusal.status() + " "
                    + visit.method + " " + visit.path).login(visit.login())
                    .session(visit.session == null ? null : visit.session.auditId()).remote(visit.remote).build());
            } catch (RuntimeException e) {
                LOGGER.error("Webmail {} {}: {} not recorded in the audit trail: {}", visit.method, visit.path,
                    rule.id(), e.getMessage());
            }
        }
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        secure(response);
        byte[] page;
        try {
            page = templates.render(RefusalPage.of(refusal, false), Templates.Layout.signedOut(null))
                .getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOGGER.error("Webmail refusal page not rendered", e);
            page = (refusal.status() + " " + sentence).getBytes(StandardCharsets.UTF_8);
        }
        write(response, refusal.status(), "text/html; charset=utf-8", page);
    }

    /**
     * The directory, the database or the audit trail out of reach, rather than a fault of ours: a connection
     * refused or lost, a pool without connection, the server shutting down.
     */
    static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DirectoryUnavailableException || cause instanceof AuditUnavailableException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = Optional.ofNullable(sql.getSQLState()).orElse("");
                if (state.isEmpty() || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static WebRefusal notFound() {
        return new WebRefusal(Rule.WEBMAIL_NOT_FOUND, "Cette page n'existe pas, ou plus. Revenez à vos messages "
            + "par le menu.");
    }

    private static void secure(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with every form, which
        // CsrfGuard must refuse; other sites still get no Referer at all.
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Strict-Transport-Security", "max-age=31536000");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static void redirect(HttpServletResponse response, String path) throws IOException {
        response.setHeader("Location", path);
        write(response, 303, null, new byte[0]);
    }

    private static void write(HttpServletResponse response, int status, String type, byte[] body)
            throws IOException {
        response.setStatus(status);
        if (type != null) {
            response.setContentType(type);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebmailHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the webmail's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
