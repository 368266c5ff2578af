package fr.caducee.server.imap;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;

/**
 * What one IMAP command may carry before James reads it.
 *
 * @param literalsBeforeLogin bytes of literals allowed while the session is not authenticated: a user name and a
 *                            password fit in far less
 * @param literalsAfterLogin  bytes of literals allowed once it is (a message to APPEND); 0 means no limit
 * @param nesting             how deep parentheses may nest (search keys, fetch attributes); James parses them
 *                            recursively and overflows its stack near 10,000
 */
public record CommandLimits(long literalsBeforeLogin, long literalsAfterLogin, int nesting) {
    public CommandLimits {
        if (literalsBeforeLogin <= 0) {
            throw new IllegalArgumentException("the literal limit before login must be positive, not " + literalsBeforeLogin);
        }
        if (literalsAfterLogin < 0) {
            throw new IllegalArgumentException("the literal limit after login must be 0 (none) or positive, not " + literalsAfterLogin);
        }
        if (nesting < 8) {
            throw new IllegalArgumentException("the nesting limit must be at least 8 (clients nest a few levels), not " + nesting);
        }
    }

    /** The literal limit for this session; 0 when there is none. */
    long literalsFor(ImapSession session) {
        return loggedIn(session) ? literalsAfterLogin : literalsBeforeLogin;
    }

    /** A connection whose session is not made yet has not logged in; one logging out no longer counts as logged in. */
    static boolean loggedIn(ImapSession session) {
        return session != null && session.getState() != ImapSessionState.NON_AUTHENTICATED
            && session.getState() != ImapSessionState.LOGOUT;
    }
}
