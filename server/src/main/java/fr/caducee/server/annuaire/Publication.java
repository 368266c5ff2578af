package fr.caducee.server.annuaire;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.identity.annuaire.AnnuaireClient;
import fr.caducee.identity.annuaire.BoxPatch;
import fr.caducee.identity.annuaire.Held;
import fr.caducee.identity.annuaire.NextPatch;
import fr.caducee.identity.annuaire.PatchAnswer;
import fr.caducee.identity.annuaire.PublishedBox;
import fr.caducee.identity.annuaire.Wanted;
import fr.caducee.rules.Rule;

/**
 * Publishes our boxes to the national directory (Annuaire Santé) through the API MSSanté: one worker takes the
 * boxes the directory's writes marked ({@link JdbcPublications}) one at a time, oldest change first, reads each box
 * from the directory as it is now (the latest state wins, however many changes waited), and sends the requests
 * {@link NextPatch} chooses from what the Annuaire holds, until it holds what the directory says. Every request is
 * audited ({@code PUBLISHED}, via {@code annuaire}): taken ({@code annuaire-published}), refused
 * ({@code annuaire-refused}, the row kept with the OperationOutcome's text until the box changes again or is
 * republished: an operator must act), not decided ({@code annuaire-deferred}: 5xx, 408, 429, no answer; the box is
 * sent again after a delay doubling from {@code retrySeconds} to {@code retryMaxSeconds}, and nothing else is sent
 * until then, so that the order of changes is kept and an API that is down is not called for every box).
 *
 * <p>What is published of a box: active, its entry (liste rouge included, with the flag); suspended or removed,
 * nothing (a box that cannot receive mail is not offered to the sector). At start every box still waiting is due.
 */
public final class Publication {
    private static final Logger LOGGER = LoggerFactory.getLogger(Publication.class);
    static final Duration POLL = Duration.ofSeconds(5);
    /** More requests than a box ever needs (a move from one carrier to another takes two). */
    private static final int MAX_STEPS = 3;

    /** The delay before attempt n+1: {@code first}, doubling, at most {@code longest}. */
    public record Backoff(Duration first, Duration longest) {
        public Duration delay(int attempts) {
            int doublings = Math.max(0, Math.min(attempts - 1, 20));
            Duration delay = first.multipliedBy(1L << doublings);
            return delay.compareTo(longest) > 0 ? longest : delay;
        }
    }

    private final JdbcPublications queue;
    private final DirectoryStore directory;
    private final AnnuaireClient client;
    private final AuditTrail trail;
    private final Backoff backoff;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile ExecutorService worker;
    private volatile boolean running;
    private volatile boolean stopping;

    public Publication(JdbcPublications queue, DirectoryStore directory, AnnuaireClient client, AuditTrail trail,
                       Backoff backoff, Clock clock) {
        this.queue = queue;
        this.directory = directory;
        this.client = client;
        this.trail = trail;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Sends what is due, box after box, until none is left or the API did not decide; returns the boxes settled. */
    public int round() throws InterruptedException {
        int settled = 0;
        while (!stopping && !clock.instant().isBefore(pausedUntil) && !Thread.currentThread().isInterrupted()) {
            Optional<JdbcPublications.Pending> next;
            try {
                next = queue.next(clock.instant());
            } catch (SQLException e) {
                LOGGER.warn("The boxes waiting for publication could not be read: {}", e.toString());
                return settled;
            }
            if (next.isEmpty()) {
                return settled;
            }
            try {
                if (publish(next.get())) {
                    settled++;
                }
            } catch (SQLException e) {
                LOGGER.warn("The publication of {} could not be recorded: {}", next.get().box(), e.toString());
                return settled;
            } catch (RuntimeException e) {
                // A fault of ours, not the API's: the box waits like a deferred one instead of being tried in a loop.
                LOGGER.error("The publication of {} failed", next.get().box(), e);
                Instant later = clock.instant().plus(backoff.longest());
                try {
                    queue.deferred(next.get(), later, "failed here: " + e);
                } catch (SQLException recording) {
                    LOGGER.warn("... and could not be recorded: {}", recording.toString());
                }
                pausedUntil = clock.instant().plus(backoff.first());
                return settled;
            }
        }
        return settled;
    }

    /** Brings one box to where the directory says; false when the API did not decide (the queue then waits). */
    private boolean publish(JdbcPublications.Pending pending) throws SQLException, InterruptedException {
        Wanted wanted;
        try {
            wanted = wanted(pending.box());
        } catch (DirectoryUnavailableException e) {
            Instant next = clock.instant().plus(backoff.first());
            queue.deferred(pending, next, "the directory cannot be read: " + e.getMessage());
            pausedUntil = next;
            LOGGER.warn("The publication of {} waits until {}: the directory cannot be read ({})", pending.box(), next,
                e.getMessage());
            return false;
        }
        Held held = pending.held();
        int attempts = pending.attempts();
        Optional<BoxPatch> patch = NextPatch.next(pending.box(), wanted, held);
        if (patch.isEmpty()) {
            queue.settled(pending, held.equals(Held.NOTHING));
            return true;
        }
        for (int step = 0; step < MAX_STEPS; step++) {
            BoxPatch sent = patch.get();
            PatchAnswer answer = client.send(sent);
            held = held.after(sent, answer);
            attempts++;
            if (answer instanceof PatchAnswer.Refused refused) {
                queue.attempted(pending, sent, answer, held, new JdbcPublications.After.Refused(refused.outcome()),
                    clock.instant());
                audit(Rule.ANNUAIRE_REFUSED, sent, answer.text());
                LOGGER.warn("The national directory refused the {} of {}: {}", sent.operation().code(), pending.box(),
                    answer.text());
                return true;
            }
            if (answer instanceof PatchAnswer.Deferred) {
                Instant next = clock.instant().plus(backoff.delay(attempts));
                queue.attempted(pending, sent, answer, held, new JdbcPublications.After.Deferred(next), clock.instant());
                pausedUntil = next;
                audit(Rule.ANNUAIRE_DEFERRED, sent, answer.text() + " (attempt " + attempts + ", next at " + next + ")");
                LOGGER.warn("The {} of {} was not decided by the national directory (attempt {}), sent again at {}: {}",
                    sent.operation().code(), pending.box(), attempts, next, answer.text());
                return false;
            }
            patch = NextPatch.next(pending.box(), wanted, held);
            queue.attempted(pending, sent, answer, held, patch.isEmpty() ? new JdbcPublications.After.Settled()
                : new JdbcPublications.After.Continuing(), clock.instant());
            audit(Rule.ANNUAIRE_PUBLISHED, sent, answer.text());
            LOGGER.info("Published to the national directory: {} of {} on {}", sent.operation().code(), pending.box(),
                sent.carrier().shown());
            if (patch.isEmpty()) {
                return true;
            }
        }
        LOGGER.error("The publication of {} did not settle in {} requests; it stays pending", pending.box(), MAX_STEPS);
        return false;
    }

    /** What the Annuaire should hold of a box, from the directory now. */
    private Wanted wanted(BoxAddress address) {
        Optional<Box> box = directory.box(address);
        if (box.isEmpty()) {
            return new Wanted.Absent(Optional.empty());
        }
        if (!box.get().isActive()) {
            return new Wanted.Absent(Optional.of(PublishedBox.carrierOf(box.get())));
        }
        return new Wanted.Present(PublishedBox.of(box.get(), box.get().responsible().flatMap(directory::professional)));
    }

    private void audit(Rule rule, BoxPatch patch, String what) {
        try {
            trail.append(AuditRecord.builder(Decision.PUBLISHED)
                .rule(rule.id())
                .via("annuaire")
                .recipients(List.of(patch.box().address()))
                .reason(patch.operation().code() + " " + patch.carrier().shown() + ": " + what)
                .build());
        } catch (AuditUnavailableException e) {
            // The request was made; its record is missing from the trail, and the log says so.
            LOGGER.error("The audit trail cannot record the {} of {} ({}): {}", patch.operation().code(), patch.box(),
                rule.id(), e.getMessage());
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            int due = queue.allDue();
            if (due > 0) {
                LOGGER.info("{} box(es) waiting for publication to the national directory are sent now", due);
            }
        } catch (SQLException e) {
            LOGGER.warn("The boxes waiting for publication could not be made due at start: {}", e.toString());
        }
        running = true;
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "annuaire-publication");
            thread.setDaemon(true);
            return thread;
        });
        worker.submit(this::work);
        LOGGER.info("Publication of the boxes to the national directory at {}, retries from {} to {}", client.base(),
            backoff.first(), backoff.longest());
    }

    private void work() {
        while (running) {
            try {
                round();
                Duration untilResumed = Duration.between(clock.instant(), pausedUntil);
                queue.awaitMarked(untilResumed.isNegative() || untilResumed.compareTo(POLL) > 0 ? POLL
                    : untilResumed.plusMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOGGER.error("The round of publication to the national directory failed", e);
            }
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        stopping = true;
        queue.wake();
        worker.shutdown();
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
        LOGGER.info("Publication to the national directory stopped; what was not sent waits in the database");
    }
}
