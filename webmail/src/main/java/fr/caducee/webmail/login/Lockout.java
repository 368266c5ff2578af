package fr.caducee.webmail.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.web.WebRefusal;

/**
 * Slows down guessing, per address typed (known or not, so that a lock tells nothing about whether an address
 * exists): after {@code lockoutAttempts} consecutive failures, wrong passwords and wrong codes alike, the address is
 * locked for {@code lockoutFirst}, twice as long after each further failure, {@code lockoutMax} at most. While it is
 * locked nothing is checked, not even the password. A complete login forgets the failures; so does a day without
 * any (the count is of consecutive failures, not of every mistake a patient ever made).
 *
 * <p>Someone who knows a patient's address can keep it locked by failing once after each lock: the patient then waits
 * at most {@code lockoutMax}; the operator sees the failures in the audit trail.
 */
public final class Lockout {
    /** Failures older than this, with no lock running, are forgotten. */
    static final Duration QUIET = Duration.ofDays(1);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("H 'h' mm", Locale.FRANCE);

    private final LockoutStore store;
    private final WebmailSettings settings;
    private final Clock clock;

    public Lockout(LockoutStore store, WebmailSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** The key an address is counted under: as typed, blanks around it removed, lower case, 254 characters at most. */
    public static String key(String typed) {
        String key = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT).replaceAll("\\p{Cntrl}", "");
        return key.length() > 254 ? key.substring(0, 254) : key;
    }

    /** Refuses while the address is locked, saying when to try again. */
    public void check(String login) throws WebRefusal {
        Instant now = clock.instant();
        Optional<Instant> until = store.lockedUntil(login).filter(end -> end.isAfter(now));
        if (until.isPresent()) {
            throw new WebRefusal(Rule.WEBMAIL_LOCKED_OUT, "Trop d'essais infructueux avec cette adresse : par "
                + "sécurité, la connexion est bloquée. Réessayez " + when(now, until.get()) + ".", login);
        }
    }

    /** Counts a failure, and locks the address once there are too many. */
    public void failed(String login) {
        Instant now = clock.instant();
        int failures = store.failed(login, now);
        int beyond = failures - settings.lockoutAttempts();
        if (beyond >= 0) {
            store.lock(login, now.plus(length(beyond)));
        }
    }

    /** A complete login: the failures of these addresses are forgotten. */
    public void reset(String... logins) {
        for (String login : logins) {
            store.reset(login);
        }
    }

    /** Forgets failures a day old; answers how many addresses were forgotten. */
    public int forgetQuiet() {
        Duration quiet = QUIET.compareTo(settings.lockoutMax()) > 0 ? QUIET : settings.lockoutMax();
        return store.forgetQuietSince(clock.instant().minus(quiet));
    }

    /** The lock after {@code beyond} failures past the limit: the first length doubled each time, capped. */
    Duration length(int beyond) {
        Duration length = settings.lockoutFirst();
        for (int i = 0; i < beyond && length.compareTo(settings.lockoutMax()) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(settings.lockoutMax()) > 0 ? settings.lockoutMax() : length;
    }

    /** "dans 2 minutes (à 14 h 32)", as a patient reads it. */
    static String when(Instant now, Instant until) {
        long minutes = Math.max(1, (Duration.between(now, until).getSeconds() + 59) / 60);
        String wait;
        if (minutes < 60) {
            wait = minutes == 1 ? "dans une minute" : "dans " + minutes + " minutes";
        } else {
            long hours = minutes / 60;
            long rest = minutes % 60;
            wait = "dans " + (hours == 1 ? "une heure" : hours + " heures")
                + (rest == 0 ? "" : rest == 1 ? " et une minute" : " et " + rest + " minutes");
        }
        return wait + " (à " + HOUR.format(until.atZone(PARIS)) + ")";
    }
}
