package fr.caducee.server.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * One mail queue written through several producers. James's ActiveMQ queue sends every message through a single JMS
 * session, whose lock it holds through the persistent send and its journal sync, so SMTP transactions took turns at
 * the end of DATA (12.6 ms per message of waiting measured with 8 connections). Here a message goes through whichever
 * producer is free: each is a queue object of its own (its own connection, session and producer) on the same
 * broker destination, so the sends, and the journal writes KahaDB groups into one sync, happen side by side. A
 * message is acknowledged exactly as before: once its send has returned, after the sync.
 *
 * <p>Everything else (taking mail off the queue, browsing, counting, clearing) goes through the first producer's
 * queue: all of them share the destination, so it sees every message.
 */
final class ParallelEnqueueMailQueue implements ManageableMailQueue {
    private final ManageableMailQueue primary;
    private final BlockingQueue<ManageableMailQueue> free;

    /** @param producers the queue objects of one destination, the first of which serves all but enqueueing */
    ParallelEnqueueMailQueue(List<ManageableMailQueue> producers) {
        if (producers.isEmpty()) {
            throw new IllegalArgumentException("a queue needs at least one producer");
        }
        this.primary = producers.get(0);
        this.free = new ArrayBlockingQueue<>(producers.size(), false, producers);
    }

    @Override
    public MailQueueName getName() {
        return primary.getName();
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        ManageableMailQueue producer = take();
        try {
            producer.enQueue(mail, delay);
        } finally {
            free.add(producer);
        }
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        ManageableMailQueue producer = take();
        try {
            producer.enQueue(mail);
        } finally {
            free.add(producer);
        }
    }

    /** Blocks on the send like James's own queue; a failure is the stream's error. */
    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromCallable(() -> {
            enQueue(mail);
            return null;
        }).then();
    }

    private ManageableMailQueue take() throws MailQueueException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailQueueException("Interrupted while waiting for a producer of " + getName().asString());
        }
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        return primary.deQueue();
    }

    @Override
    public long getSize() throws MailQueueException {
        return primary.getSize();
    }

    @Override
    public Publisher<Long> getSizeReactive() {
        return primary.getSizeReactive();
    }

    @Override
    public long flush() throws MailQueueException {
        return primary.flush();
    }

    @Override
    public long clear() throws MailQueueException {
        return primary.clear();
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        return primary.remove(type, value);
    }

    @Override
    public MailQueueIterator browse() throws MailQueueException {
        return primary.browse();
    }

    /** Like James's cacheable queues: the producers stay open until the factory disposes of them. */
    @Override
    public void close() {
    }
}
