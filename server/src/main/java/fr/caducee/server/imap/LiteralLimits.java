package fr.caducee.server.imap;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;

/**
 * How many bytes of literals one IMAP command may announce, in all: few before login (a user name and a password
 * fit in far less), the configured {@code literalSizeLimit} after it (a message to APPEND).
 *
 * @param beforeLogin bytes allowed while the session is not authenticated
 * @param afterLogin  bytes allowed once it is; 0 means no limit
 */
public record LiteralLimits(long beforeLogin, long afterLogin) {
    public LiteralLimits {
        if (beforeLogin <= 0) {
            throw new IllegalArgumentException("the literal limit before login must be positive, not " + beforeLogin);
        }
        if (afterLogin < 0) {
            throw new IllegalArgumentException("the literal limit after login must be 0 (none) or positive, not " + afterLogin);
        }
    }

    /** The limit for this session; 0 when there is none. */
    long forSession(ImapSession session) {
        return loggedIn(session) ? afterLogin : beforeLogin;
    }

    /** A connection whose session is not made yet has not logged in; one logging out no longer counts as logged in. */
    static boolean loggedIn(ImapSession session) {
        return session != null && session.getState() != ImapSessionState.NON_AUTHENTICATED
            && session.getState() != ImapSessionState.LOGOUT;
    }
}
