package fr.caducee.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;
import javax.net.ssl.SSLContext;

/**
 * The INBOXes of a sample of boxes, watched over IMAPS until each holds what its tally says it was sent. The sessions
 * are opened before the load, so that logins (a password hash each) do not count in the time until all is readable;
 * one the server closed meanwhile is opened again.
 */
final class SampleWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final SSLContext tls;
    private final String host;
    private final int port;
    private final String password;
    private final Map<String, InboxWatch> sessions = new LinkedHashMap<>();

    private SampleWatch(SSLContext tls, String host, int port, String password) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.password = password;
    }

    static SampleWatch open(SSLContext tls, String host, int port, List<String> addresses, String password)
            throws MessagingException {
        SampleWatch watch = new SampleWatch(tls, host, port, password);
        for (String address : addresses) {
            if (!address.isBlank()) {
                watch.sessions.put(address.strip(), InboxWatch.open(tls, host, port, address.strip(), password));
            }
        }
        if (watch.sessions.isEmpty()) {
            throw new IllegalArgumentException("no address to watch");
        }
        return watch;
    }

    /**
     * Polls the boxes not yet complete until each holds its tally; returns System.nanoTime() when the last one did,
     * or -1 on timeout.
     */
    long awaitTally(Tally tally, long timeoutNanos) throws MessagingException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        List<String> pending = new ArrayList<>(sessions.keySet());
        while (true) {
            pending.removeIf(address -> count(address) >= tally.of(address));
            if (pending.isEmpty()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Messages the watched INBOXes hold, at most their tally each. */
    int readable(Tally tally) {
        return sessions.keySet().stream().mapToInt(address -> Math.min(count(address), tally.of(address))).sum();
    }

    int expected(Tally tally) {
        return sessions.keySet().stream().mapToInt(tally::of).sum();
    }

    private int count(String address) {
        try {
            return sessions.get(address).count();
        } catch (MessagingException first) {
            try {
                sessions.get(address).close();
            } catch (MessagingException ignored) {
                // Already gone.
            }
            try {
                InboxWatch again = InboxWatch.open(tls, host, port, address, password);
                sessions.put(address, again);
                return again.count();
            } catch (MessagingException second) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        for (InboxWatch session : sessions.values()) {
            try {
                session.close();
            } catch (MessagingException ignored) {
                // Closing is best effort: the figures are taken.
            }
        }
    }
}
