package fr.caducee.webmail.login;

import java.time.Instant;
import java.util.Optional;

/** Failed logins per address typed (table {@code webmail_lockout}), for {@link Lockout}. */
public interface LockoutStore {

    /** Counts one more consecutive failure and answers how many there are now. */
    int failed(String login, Instant at);

    /** Locks the address until then. */
    void lock(String login, Instant until);

    /** When the address's lock ends, if it is locked at all (the end may be past). */
    Optional<Instant> lockedUntil(String login);

    /** Forgets the failures of an address: a complete login. */
    void reset(String login);

    /** Forgets the failures of every address quiet since then and not locked any more; answers how many. */
    int forgetQuietSince(Instant since);
}
