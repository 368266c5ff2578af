package fr.caducee.server.gateway.receipts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.gateway.message.Acknowledgements;

/**
 * Sends the business receipts owed to hospitals ({@link JdbcReturnQueue}) to each one's MLLP receiver, one
 * connection per hospital and round, each receipt answered before the next: {@code AA} (or {@code CA}) marks it
 * sent; {@code AE}, {@code AR}, no answer, a timeout or a refused connection keep it, with the error, for a later
 * attempt {@link Backoff#delay after} a delay that doubles from the first to the longest (a connection that fails
 * delays every receipt of that hospital in the round). Nothing is ever given up: what a hospital is owed waits until
 * it answers, listed on WebAdmin ({@code GET /gateway/returns}). A hospital with no return address keeps its
 * receipts, logged once, listed the same. At start every receipt still owed is tried at once.
 *
 * <p>One worker thread does a round every {@link #POLL}: first the forwarder turns new receipts into ZAMs, then the
 * due ZAMs are sent.
 */
public final class ReturnSender {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReturnSender.class);
    static final Duration POLL = Duration.ofSeconds(2);
    static final int BATCH = 200;
    /** How long receipts of a hospital with no return address wait before they are looked at again. */
    static final Duration NO_ADDRESS_HOLD = Duration.ofHours(1);

    /**
     * The delay before attempt n+1: {@code first}, doubling, at most {@code longest}.
     */
    public record Backoff(Duration first, Duration longest) {
        public Duration delay(int attempts) {
            int doublings = Math.max(0, Math.min(attempts - 1, 20));
            Duration delay = first.multipliedBy(1L << doublings);
            return delay.compareTo(longest) > 0 ? longest : delay;
        }
    }

    private final JdbcReturnQueue queue;
    private final ReceiptForwarder forwarder;
    private final ReturnAddresses addresses;
    private final ReturnLink link;
    private final Acknowledgements acknowledgements;
    private final Backoff backoff;
    private final Clock clock;
    private final Set<String> toldNoAddress = new HashSet<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile ExecutorService worker;
    private volatile boolean running;

    public ReturnSender(JdbcReturnQueue queue, ReceiptForwarder forwarder, ReturnAddresses addresses, ReturnLink link,
                        Acknowledgements acknowledgements, Backoff backoff, Clock clock) {
        this.queue = queue;
        this.forwarder = forwarder;
        this.addresses = addresses;
        this.link = link;
        this.acknowledgements = acknowledgements;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** One round: new receipts forwarded, then the due ZAMs sent; returns how many were answered {@code AA}. */
    public int round() {
        try {
            forwarder.forward();
        } catch (Exception e) {
            LOGGER.warn("The receipts of the gateway's mails could not be looked at this round: {}", e.toString());
        }
        try {
            return sendDue();
        } catch (SQLException e) {
            LOGGER.warn("The business receipts owed to hospitals could not be read this round: {}", e.toString());
            return 0;
        }
    }

    int sendDue() throws SQLException {
        Map<String, List<JdbcReturnQueue.Due>> byHospital = new LinkedHashMap<>();
        for (JdbcReturnQueue.Due due : queue.due(clock.instant(), BATCH)) {
            byHospital.computeIfAbsent(due.peerBox(), peer -> new java.util.ArrayList<>()).add(due);
        }
        int acked = 0;
        for (Map.Entry<String, List<JdbcReturnQueue.Due>> hospital : byHospital.entrySet()) {
            acked += send(hospital.getKey(), hospital.getValue());
        }
        return acked;
    }

    private int send(String peerBox, List<JdbcReturnQueue.Due> receipts) throws SQLException {
        Optional<InetSocketAddress> receiver = addresses.of(peerBox);
        if (receiver.isEmpty()) {
            if (toldNoAddress.add(peerBox)) {
                LOGGER.warn("{} business receipt(s) owed to {} are kept, not sent: the hospital has no return address "
                    + "(caducee.gateway.hospital.<id>.returnAddress); GET /gateway/returns on WebAdmin lists them",
                    receipts.size(), peerBox);
            }
            for (JdbcReturnQueue.Due due : receipts) {
                queue.held(due.id(), clock.instant().plus(NO_ADDRESS_HOLD), "no return address declared for " + peerBox);
            }
            return 0;
        }
        int acked = 0;
        int index = 0;
        try (ReturnLink.Connection connection = link.open(receiver.get())) {
            for (; index < receipts.size(); index++) {
                JdbcReturnQueue.Due due = receipts.get(index);
                byte[] answer = connection.exchange(due.message());
                Optional<String> code = acknowledgements.acknowledgementCode(answer);
                if (code.filter(c -> c.equals("AA") || c.equals("CA")).isPresent()) {
                    queue.acked(due.id(), clock.instant(), due.attempts() + 1);
                    LOGGER.info("ZAM^{} {} to {} answered {}", due.kind(), due.controlId(), peerBox, code.get());
                    acked++;
                } else {
                    failed(due, peerBox, "answered " + code.orElse("without an MSA-1") + ": " + excerpt(answer));
                }
            }
        } catch (IOException | RuntimeException e) {
            String why = receiver.get().getHostString() + ":" + receiver.get().getPort() + ": " + e;
            for (; index < receipts.size(); index++) {
                failed(receipts.get(index), peerBox, why);
            }
        }
        return acked;
    }

    private void failed(JdbcReturnQueue.Due due, String peerBox, String why) throws SQLException {
        int attempts = due.attempts() + 1;
        Instant next = clock.instant().plus(backoff.delay(attempts));
        queue.failed(due.id(), attempts, next, why);
        LOGGER.warn("ZAM^{} {} to {} not taken (attempt {}), next attempt at {}: {}", due.kind(), due.controlId(),
            peerBox, attempts, next, why);
    }

    /** The answer as a person reads it in the log and on WebAdmin: segments on one line, at most 300 characters. */
    private static String excerpt(byte[] answer) {
        String text = new String(answer, java.nio.charset.StandardCharsets.UTF_8).replace('\r', ' ').replace('\n', ' ');
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Lets the worker run a round now (a ZAM was just queued). */
    public void wake() {
        wake.release();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            int due = queue.allDue(clock.instant());
            if (due > 0) {
                LOGGER.info("{} business receipt(s) owed to hospitals are tried now", due);
            }
        } catch (SQLException e) {
            LOGGER.warn("The business receipts owed to hospitals could not be made due at start: {}", e.toString());
        }
        running = true;
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gateway-returns");
            thread.setDaemon(true);
            return thread;
        });
        worker.submit(this::work);
        LOGGER.info("Business receipts back to hospitals: {}, a round every {} s, retries from {} to {}", link,
            POLL.toSeconds(), backoff.first(), backoff.longest());
    }

    private void work() {
        while (running) {
            try {
                round();
            } catch (RuntimeException e) {
                LOGGER.error("The round of business receipts failed", e);
            }
            try {
                wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        wake.release();
        worker.shutdown();
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
    }
}
