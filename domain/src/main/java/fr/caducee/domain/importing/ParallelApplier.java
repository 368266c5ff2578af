package fr.caducee.domain.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Applies items on a fixed number of worker threads, fed in batches through a bounded queue so that the reading
 * thread never runs far ahead of the writers (memory stays flat whatever the file's size). The first exception
 * thrown by a worker stops everything: the reader gets it at its next {@link #submit}, queued items are dropped,
 * and items being applied are finished, never interrupted, so that no line is left half-written by the stop.
 * Workers keep taking from the queue until they meet their end marker, so the reader can never block for good.
 */
final class ParallelApplier<T> implements AutoCloseable {

    private static final int BATCH = 128;
    private static final List<Object> END = new ArrayList<>();

    private final Consumer<T> apply;
    private final int threads;
    private final BlockingQueue<List<?>> queue;
    private final ExecutorService workers;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private List<T> batch = new ArrayList<>(BATCH);
    private boolean ended;

    ParallelApplier(String name, int threads, Consumer<T> apply) {
        this.apply = apply;
        this.threads = threads;
        this.queue = new ArrayBlockingQueue<>(threads * 4);
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            workers.execute(this::work);
        }
    }

    /** Queues an item; throws the first failure of a worker, if any. */
    void submit(T item) {
        rethrowFailure();
        batch.add(item);
        if (batch.size() >= BATCH) {
            List<T> full = batch;
            batch = new ArrayList<>(BATCH);
            put(full);
        }
    }

    /** Waits until every submitted item is applied; throws the first failure of a worker, if any. */
    void finish() {
        if (!batch.isEmpty()) {
            put(batch);
            batch = new ArrayList<>(0);
        }
        end();
        rethrowFailure();
    }

    /** Stops the workers; items not yet started are dropped. Waits for the items being applied. */
    @Override
    public void close() {
        if (!ended) {
            queue.clear();
            end();
        }
    }

    private void end() {
        ended = true;
        for (int i = 0; i < threads; i++) {
            put(END);
        }
        workers.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(List<?> items) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (queue.offer(items, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (items != END) {
                    rethrowFailure();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void work() {
        while (true) {
            List<?> items;
            try {
                items = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (items == END) {
                return;
            }
            for (Object item : items) {
                if (failure.get() != null) {
                    break;
                }
                try {
                    apply.accept((T) item);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (Error e) {
                    // Recorded rather than let it kill the worker, which would leave the reader waiting.
                    failure.compareAndSet(null, new IllegalStateException(e.toString(), e));
                }
            }
        }
    }

    private void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
