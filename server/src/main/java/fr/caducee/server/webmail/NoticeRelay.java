package fr.caducee.server.webmail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;

/**
 * Tells patients at their personal address that something arrived, without any health data ({@link NoticeMessage}),
 * through the operator's outbound relay ({@code caducee.webmail.notices.relay}): the one mail that leaves the trust
 * space, by design, and it never goes through James's mail processing (remote delivery is for the trust space only).
 *
 * <p>{@link #tell} writes the notice ({@link NoticeQueue}: at most one waiting per patient, at most one sent per
 * {@link #SPACING}); a worker thread sends what is due, woken at once by a new notice and every
 * {@link #POLL} otherwise. A failed send is tried again after 1, 2, 4... minutes, at most an hour apart, and given up
 * a day after the event (kept, with its error, in {@code webmail_notice}). Each notice sent is in the audit trail
 * ({@code webmail-notice-sent}) with the patient's box as login; the personal address is never written there.
 * With the relay off, {@link #tell} writes nothing and no thread runs.
 */
public class NoticeRelay {
    private static final Logger LOGGER = LoggerFactory.getLogger(NoticeRelay.class);

    static final Duration SPACING = Duration.ofMinutes(15);
    static final Duration POLL = Duration.ofSeconds(5);
    /** How long a claimed notice is left to its sender before another may take it (a JVM that died). */
    static final Duration LEASE = Duration.ofMinutes(10);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    /** Notices sent or given up are kept this long for the operator, then removed. */
    static final Duration KEPT = Duration.ofDays(30);
    static final int BATCH = 20;

    /** Hands a notice to the relay; {@link RelayTransport} over SMTP, a fake in tests. */
    public interface Transport {
        Session session();

        void send(MimeMessage message, String to) throws MessagingException;
    }

    private final NoticeSettings settings;
    private final NoticeQueue queue;
    private final Transport transport;
    private final AuditTrail trail;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile ExecutorService worker;
    private volatile boolean running;
    private Instant lastPurge = Instant.MIN;

    public NoticeRelay(NoticeSettings settings, NoticeQueue queue, Transport transport, AuditTrail trail, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = queue;
        this.transport = transport;
        this.trail = trail;
        this.clock = clock;
    }

    /**
     * Something for the patient arrived in their box: write a notice, if they set a personal address and none
     * waits already. Does nothing when notices are off.
     *
     * @param patient the patient's box address
     */
    public void tell(String patient, NoticeQueue.Kind kind) {
        if (!settings.enabled()) {
            return;
        }
        if (queue.enqueue(patient, kind, clock.instant(), SPACING)) {
            wake.release();
        }
    }

    /** Sends the notices due now, at most {@link #BATCH}; returns how many were due (sent or not). */
    int sendDue() {
        List<NoticeQueue.Due> due = queue.claimDue(clock.instant(), LEASE, BATCH);
        due.forEach(this::send);
        return due.size();
    }

    private void send(NoticeQueue.Due notice) {
        Instant now = clock.instant();
        if (notice.address().isEmpty()) {
            queue.giveUp(notice.id(), now, "the patient removed their notification address");
            return;
        }
        String messageId;
        try {
            MimeMessage message = NoticeMessage.write(transport.session(), settings.from(), notice.address().get(),
                settings.origin(), now);
            messageId = message.getMessageID();
            transport.send(message, notice.address().get());
        } catch (MessagingException | RuntimeException e) {
            failed(notice, now, e);
            return;
        }
        queue.sent(notice.id(), clock.instant());
        audit(notice, messageId);
    }

    private void failed(NoticeQueue.Due notice, Instant now, Exception e) {
        String error = describe(e);
        if (!now.isBefore(notice.created().plus(GIVE_UP_AFTER))) {
            queue.giveUp(notice.id(), now, error);
            LOGGER.warn("Notice {} to patient {} given up after {} attempts over {}: {}", notice.id(),
                notice.patient(), notice.attempts(), GIVE_UP_AFTER, error);
            return;
        }
        Instant next = now.plus(retryDelay(notice.attempts()));
        queue.retry(notice.id(), next, error);
        LOGGER.warn("Notice {} to patient {} not sent (attempt {}), next attempt at {}: {}", notice.id(),
            notice.patient(), notice.attempts(), next, error);
    }

    /** 1 minute after the first attempt, doubling each time, at most {@link #LONGEST_RETRY}. */
    static Duration retryDelay(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 10));
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    private void audit(NoticeQueue.Due notice, String messageId) {
        try {
            trail.append(AuditRecord.builder(Decision.WEBMAIL_ACTION)
                .rule(Rule.WEBMAIL_NOTICE_SENT.id())
                .reason("notice of a new " + notice.kind().name().toLowerCase(Locale.ROOT)
                    + " sent to the patient's personal address through " + settings.relay().orElseThrow()
                    + " (attempt " + notice.attempts() + ")")
                .via("webmail")
                .login(notice.patient())
                .messageId(messageId)
                .build());
        } catch (RuntimeException e) {
            // The notice is sent: the trail's failure must not send it again.
            LOGGER.error("Audit trail unavailable: notice {} sent to patient {}'s personal address, not recorded",
                notice.id(), notice.patient(), e);
        }
    }

    /** The exception and its causes, for the operator: the relay's reply is in there. */
    static String describe(Exception e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = next(t)) {
            if (!text.isEmpty()) {
                text.append(" / ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static Throwable next(Throwable t) {
        Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
            : t.getCause();
        return next == t ? null : next;
    }

    /** Starts the worker; nothing when notices are off. */
    public synchronized void start() {
        LOGGER.info("Notices to patients' personal addresses: {}", settings.describe());
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "notice-relay");
            thread.setDaemon(true);
            return thread;
        });
        worker.submit(this::work);
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        if (worker != null) {
            wake.release();
            worker.shutdownNow();
            worker.awaitTermination(30, TimeUnit.SECONDS);
            worker = null;
        }
    }

    private void work() {
        while (running) {
            try {
                while (running && sendDue() == BATCH) {
                    // a full batch: more may be due
                }
                purgeOnceAnHour();
            } catch (RuntimeException e) {
                // The database away: the notices wait in it, tried again at the next round.
                LOGGER.warn("Notices could not be read or recorded, tried again in {}: {}", POLL, e.getMessage());
            }
            try {
                if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void purgeOnceAnHour() {
        Instant now = clock.instant();
        if (lastPurge.isBefore(now.minus(Duration.ofHours(1)))) {
            int removed = queue.purge(now.minus(KEPT));
            lastPurge = now;
            if (removed > 0) {
                LOGGER.info("Removed {} notices sent or given up more than {} ago", removed, KEPT);
            }
        }
    }
}
