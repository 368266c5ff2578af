package fr.caducee.server.submission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import fr.caducee.rules.transport.SubmissionTickets;

/**
 * The submission tickets ({@link SubmissionTickets}) {@link LoopbackSubmission} logs in with, for the webmail and the
 * gateway: 256 random bits each, bound to one box, good once and for {@link #VALIDITY} at most, kept in this
 * process's memory only. The map is keyed by the SHA-256 of the secret, and the digests are compared in constant
 * time: how long a lookup takes says nothing of how close a guess was. An issued ticket keeps what the chain refused
 * for the session it logged in, closed or not: a connection kept open reads the refusals of each message it sends.
 */
public final class SingleUseTickets implements SubmissionTickets {
    /** Long enough for a loopback SMTP login on a loaded server, too short to matter if a ticket leaked. */
    static final Duration VALIDITY = Duration.ofSeconds(60);
    private static final int SECRET_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> issued = new ConcurrentHashMap<>();
    private final Clock clock;

    @Inject
    public SingleUseTickets() {
        this(Clock.systemUTC());
    }

    SingleUseTickets(Clock clock) {
        this.clock = clock;
    }

    /** A ticket for this box, to log in once at submission within {@link #VALIDITY}. */
    public Ticket issue(String box) {
        return issue(box, false);
    }

    /**
     * @param writtenByServer the messages of the session it logs in are the server's own writing (the gateway's),
     *                        to be signed with the operator's key
     */
    public Ticket issue(String box, boolean writtenByServer) {
        forgetExpired();
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Ticket ticket = new Ticket(text, digest(text), box.toLowerCase(Locale.ROOT), clock.instant().plus(VALIDITY),
            writtenByServer);
        issued.put(HexFormat.of().formatHex(ticket.digest), ticket);
        return ticket;
    }

    @Override
    public Optional<Redeemed> redeem(String secret) {
        byte[] digest = digest(secret);
        Ticket ticket = issued.get(HexFormat.of().formatHex(digest));
        if (ticket == null || !MessageDigest.isEqual(ticket.digest, digest) || !clock.instant().isBefore(ticket.expires)
                || !ticket.spent.compareAndSet(false, true)) {
            return Optional.empty();
        }
        return Optional.of(ticket);
    }

    /** How many tickets are held: issued and not closed yet. */
    public int held() {
        return issued.size();
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        // A ticket spent and never closed (its sender died) goes with the expired ones.
        issued.values().removeIf(ticket -> !now.isBefore(ticket.expires.plus(VALIDITY)));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** An issued ticket: its secret for the login, and the refusals the chain gave the session it logged in. */
    public final class Ticket implements Redeemed, AutoCloseable {
        private final String secret;
        private final byte[] digest;
        private final String box;
        private final Instant expires;
        private final AtomicBoolean spent = new AtomicBoolean();
        private final List<Refusal> refusals = new ArrayList<>();
        private final boolean writtenByServer;

        private Ticket(String secret, byte[] digest, String box, Instant expires, boolean writtenByServer) {
            this.secret = secret;
            this.digest = digest;
            this.box = box;
            this.expires = expires;
            this.writtenByServer = writtenByServer;
        }

        @Override
        public boolean writtenByServer() {
            return writtenByServer;
        }

        /** The password the login gives. */
        public String secret() {
            return secret;
        }

        @Override
        public String box() {
            return box;
        }

        @Override
        public void refused(String reply, String rule, String sentence) {
            synchronized (refusals) {
                refusals.add(new Refusal(reply, rule, sentence));
            }
        }

        /** What the chain refused, in order. */
        public List<Refusal> refusals() {
            synchronized (refusals) {
                return List.copyOf(refusals);
            }
        }

        /** Forgets the ticket: spent or not, it logs nothing in any more. */
        @Override
        public void close() {
            spent.set(true);
            issued.remove(HexFormat.of().formatHex(digest));
        }
    }

    /** A refusal as the chain gave it: {@code 550 5.7.1}, the rule id, the sentence. */
    public record Refusal(String reply, String rule, String sentence) {
    }
}
