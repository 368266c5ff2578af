package fr.caducee.webmail.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.login.LoginInProgress;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;

/**
 * The sessions of this process, in memory, by a digest of their cookie (a heap dump gives no usable cookie). A new
 * cookie is given when the password is checked and again when the login completes, so a cookie planted before
 * login is worth nothing after it. An open session ends on logout, after {@code sessionIdle} without a request,
 * {@code sessionMax} after login whatever happens, and a login in progress after five minutes; each end of an open
 * session is audited ({@code webmail-logged-out}), when a request notices it or when {@link #reap} does.
 *
 * <p>Stolen cookies: a session is bound to the User-Agent and the address it logged in from ({@link Binding}); a
 * cookie presented by another browser or from another address ends the session at once, for its owner too. A phone
 * that moves from Wi-Fi to the mobile network must then log in again: with health data behind the cookie, a second
 * login is a small price against a cookie that works from anywhere. A restart of the server ends every session.
 */
public final class Sessions {
    private static final Logger LOGGER = LoggerFactory.getLogger(Sessions.class);
    /** How long a login in progress waits for its second factor. */
    public static final Duration LOGIN_LIMIT = Duration.ofMinutes(5);

    private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
    private final WebmailSettings settings;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Sessions(WebmailSettings settings, AuditTrail audit, Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** A session with its cookie, just made: the cookie is given to the browser and not kept. */
    public record Started(Session session, String cookie) {
    }

    /** Why a session ended, as the audit trail says it. */
    public enum Ending {
        LOGOUT("logout"),
        IDLE("idle timeout"),
        ABSOLUTE("absolute timeout"),
        MISMATCH("cookie presented by another browser or from another address"),
        PASSWORD_CHANGED("the password was changed in another session"),
        ACCOUNT_INACTIVE("the patient's box is no longer active");

        private final String reason;

        Ending(String reason) {
            this.reason = reason;
        }
    }

    /** A login in progress, once the patient is identified: it answers the login pages only. */
    public Started startLogin(LoginInProgress login, Binding binding) {
        return start(login.patient().boxAddress().address(), login, binding, null);
    }

    /** An open session of a patient who completed the login, with the recovery codes to show once, if any. */
    public Started open(String patient, Binding binding, List<String> recoveryCodes) {
        return start(patient, null, binding, recoveryCodes);
    }

    private Started start(String patient, LoginInProgress login, Binding binding, List<String> recoveryCodes) {
        String cookie = SessionCookie.newValue();
        Session session = new Session(key(cookie), random.nextLong(), newToken(), binding, clock.millis(), patient,
            login);
        session.recoveryCodes(recoveryCodes);
        sessions.put(session.key, session);
        return new Started(session, cookie);
    }

    /**
     * The session of a cookie, seen now; empty when there is none (never was, or forgotten).
     *
     * @throws WebRefusal when it just ended: timed out ({@code webmail-session-expired}), or presented by another
     *                    browser or from another address ({@code webmail-session-mismatch})
     */
    public Optional<Session> find(String cookie, Binding binding) throws WebRefusal {
        Session session = sessions.get(key(cookie));
        if (session == null) {
            return Optional.empty();
        }
        if (!session.boundTo(binding)) {
            end(session, Ending.MISMATCH);
            throw new WebRefusal(Rule.WEBMAIL_SESSION_MISMATCH, "Par sécurité, votre session a été fermée : elle "
                + "vient d'être utilisée depuis un autre navigateur ou une autre connexion à Internet (en passant du "
                + "Wi-Fi au réseau mobile, par exemple). Reconnectez-vous pour continuer.", session.patient());
        }
        Optional<Ending> timeout = timeout(session, clock.millis());
        if (timeout.isPresent()) {
            end(session, timeout.get());
            throw expired(session, timeout.get());
        }
        session.seen(clock.millis());
        return Optional.of(session);
    }

    /**
     * Ends a session; an open one is audited. Ending is always the safe direction: it is done even when the trail
     * cannot record it, and the server's log says so.
     */
    public void end(Session session, Ending why) {
        if (sessions.remove(session.key) != null && session.open()) {
            try {
                audit.append(WebAudit.of(Rule.WEBMAIL_LOGGED_OUT, clock).reason(why.reason).login(session.patient())
                    .session(session.auditId()).remote(session.remote()).build());
            } catch (AuditUnavailableException e) {
                LOGGER.error("Session end of {} ({}) not recorded in the audit trail: {}", session.patient(),
                    why.reason, e.getMessage());
            }
        }
    }

    /** Forgets a session without a word: a login in progress that completed, or one whose login was not recorded. */
    public void discard(Session session) {
        sessions.remove(session.key);
    }

    /** Ends the patient's other open sessions (after a password change); answers how many. */
    public int endOthers(String patient, Session kept, Ending why) {
        int ended = 0;
        for (Session session : sessions.values()) {
            if (session != kept && session.open() && session.patient().equals(patient)) {
                end(session, why);
                ended++;
            }
        }
        return ended;
    }

    /** Ends the sessions that timed out; answers how many. Run every minute by the handler. */
    public int reap() {
        long now = clock.millis();
        int ended = 0;
        for (Session session : sessions.values()) {
            Optional<Ending> timeout = timeout(session, now);
            if (timeout.isPresent()) {
                end(session, timeout.get());
                ended++;
            }
        }
        return ended;
    }

    /** How many sessions (open and in progress) are held. */
    public int count() {
        return sessions.size();
    }

    /** The refusal a request with a cookie of no session gets. */
    public static WebRefusal unknown() {
        return new WebRefusal(Rule.WEBMAIL_SESSION_EXPIRED, "Votre session a expiré ou a été fermée. "
            + "Reconnectez-vous pour continuer.");
    }

    /** The refusal after a session ended for this reason (the box suspended, a timeout). */
    public WebRefusal expired(Session session, Ending why) {
        String sentence = switch (why) {
            case IDLE -> "Votre session a expiré après " + french(settings.sessionIdle())
                + " sans activité. Reconnectez-vous pour continuer.";
            case ABSOLUTE -> "Votre session a atteint sa durée maximale (" + french(settings.sessionMax())
                + "). Reconnectez-vous pour continuer.";
            case ACCOUNT_INACTIVE -> "Votre boîte de messagerie n'est plus active. Adressez-vous à l'établissement "
                + "qui vous l'a ouverte.";
            default -> unknown().sentence();
        };
        if (!session.open()) {
            sentence = "Le délai de " + french(LOGIN_LIMIT) + " pour terminer la connexion est dépassé. "
                + "Reconnectez-vous.";
        }
        return new WebRefusal(Rule.WEBMAIL_SESSION_EXPIRED, sentence, session.patient());
    }

    private Optional<Ending> timeout(Session session, long now) {
        if (!session.open()) {
            return now - session.created() >= LOGIN_LIMIT.toMillis() ? Optional.of(Ending.IDLE) : Optional.empty();
        }
        if (now - session.created() >= settings.sessionMax().toMillis()) {
            return Optional.of(Ending.ABSOLUTE);
        }
        if (now - session.lastSeen() >= settings.sessionIdle().toMillis()) {
            return Optional.of(Ending.IDLE);
        }
        return Optional.empty();
    }

    /** "15 minutes", "12 heures", "1 heure 30". */
    static String french(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes <= 1 ? "une minute" : minutes + " minutes";
        }
        long hours = minutes / 60;
        String text = hours == 1 ? "une heure" : hours + " heures";
        return minutes % 60 == 0 ? text : text + " " + minutes % 60;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The first 128 bits of the SHA-256 of a cookie: what the map is keyed by. */
    static Key key(String cookie) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                .digest(cookie.getBytes(StandardCharsets.US_ASCII)));
            return new Key(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    record Key(long high, long low) {
    }
}
