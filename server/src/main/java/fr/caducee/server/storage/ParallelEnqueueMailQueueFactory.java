package fr.caducee.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.annotation.PreDestroy;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.jms.JMSCacheableMailQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail queues written through several producers each ({@link ParallelEnqueueMailQueue}). The first producer of a
 * queue is James's own (from James's factory, with its metrics); the others are further queue objects of the same
 * destination, only ever used to send.
 */
final class ParallelEnqueueMailQueueFactory implements MailQueueFactory<ManageableMailQueue>, Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ParallelEnqueueMailQueueFactory.class);

    private final MailQueueFactory<? extends ManageableMailQueue> james;
    private final Function<MailQueueName, ManageableMailQueue> extraProducer;
    private final int producers;
    private final ConcurrentMap<MailQueueName, ParallelEnqueueMailQueue> queues = new ConcurrentHashMap<>();
    private final List<ManageableMailQueue> extras = new CopyOnWriteArrayList<>();

    /**
     * @param james         James's factory: the first producer of each queue, and everything but enqueueing
     * @param extraProducer a further queue object of a destination, used to send only
     * @param producers     producers per queue, at least 1 (1: James's queue alone)
     */
    ParallelEnqueueMailQueueFactory(MailQueueFactory<? extends ManageableMailQueue> james,
                                    Function<MailQueueName, ManageableMailQueue> extraProducer, int producers) {
        if (producers < 1) {
            throw new IllegalArgumentException("a mail queue needs at least one producer, not " + producers);
        }
        this.james = james;
        this.extraProducer = extraProducer;
        this.producers = producers;
    }

    @Override
    public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return queues.computeIfAbsent(name, queueName -> {
            List<ManageableMailQueue> all = new ArrayList<>(producers);
            all.add(james.createQueue(queueName, count));
            for (int i = 1; i < producers; i++) {
                ManageableMailQueue extra = extraProducer.apply(queueName);
                extras.add(extra);
                all.add(extra);
            }
            return new ParallelEnqueueMailQueue(all);
        });
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return Set.copyOf(queues.keySet());
    }

    /** James's factory disposes of its own queues; the extra producers are ours. */
    @PreDestroy
    void dispose() {
        for (ManageableMailQueue extra : extras) {
            try {
                if (extra instanceof JMSCacheableMailQueue jms) {
                    jms.dispose();
                }
            } catch (RuntimeException e) {
                LOGGER.debug("Could not close an extra producer of {}", extra.getName(), e);
            }
        }
    }
}
