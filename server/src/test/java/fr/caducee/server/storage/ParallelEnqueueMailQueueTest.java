package fr.caducee.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class ParallelEnqueueMailQueueTest {
    final ExecutorService senders = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    @Test
    void sendsRunSideBySideOnePerProducerAndAThirdWaitsForAFreeOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inSend = new AtomicInteger();
        ManageableMailQueue first = blockingProducer(release, inSend);
        ManageableMailQueue second = blockingProducer(release, inSend);
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(first, second));

        Future<?> a = senders.submit(() -> enqueue(queue));
        Future<?> b = senders.submit(() -> enqueue(queue));
        awaitValue(inSend, 2);
        Future<?> c = senders.submit(() -> enqueue(queue));
        Thread.sleep(200);
        // Both producers are busy: the third send has not started.
        assertThat(inSend.get()).isEqualTo(2);

        release.countDown();
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        c.get(10, TimeUnit.SECONDS);
        assertThat(inSend.get()).isEqualTo(3);
        verify(first, atLeastOnce()).enQueue(any(Mail.class));
        verify(second, atLeastOnce()).enQueue(any(Mail.class));
    }

    @Test
    void aFailedSendReachesTheCallerAndFreesItsProducer() throws Exception {
        ManageableMailQueue only = mock(ManageableMailQueue.class);
        doThrow(new MailQueueException("journal full")).doNothing().when(only).enQueue(any(Mail.class));
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(only));

        assertThatThrownBy(() -> queue.enQueue(mock(Mail.class))).isInstanceOf(MailQueueException.class)
            .hasMessage("journal full");
        queue.enQueue(mock(Mail.class));
        Mono.from(queue.enqueueReactive(mock(Mail.class))).block();
        verify(only, times(3)).enQueue(any(Mail.class));
    }

    @Test
    void theReactiveSendFailsWithTheQueuesError() throws Exception {
        ManageableMailQueue only = mock(ManageableMailQueue.class);
        doThrow(new MailQueueException("journal full")).when(only).enQueue(any(Mail.class));
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(only));

        assertThatThrownBy(() -> Mono.from(queue.enqueueReactive(mock(Mail.class))).block())
            .hasRootCauseMessage("journal full");
    }

    @Test
    void everythingButSendingGoesToTheFirstProducer() throws Exception {
        ManageableMailQueue first = mock(ManageableMailQueue.class);
        ManageableMailQueue second = mock(ManageableMailQueue.class);
        when(first.getSize()).thenReturn(42L);
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(first, second));

        assertThat(queue.getSize()).isEqualTo(42L);
        queue.deQueue();
        queue.browse();
        queue.flush();
        verify(first).deQueue();
        verify(first).browse();
        verify(first).flush();
        verify(second, never()).deQueue();
        verify(second, never()).getSize();
    }

    private static ManageableMailQueue blockingProducer(CountDownLatch release, AtomicInteger inSend) throws Exception {
        ManageableMailQueue producer = mock(ManageableMailQueue.class);
        doAnswer(invocation -> {
            inSend.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return null;
        }).when(producer).enQueue(any(Mail.class));
        return producer;
    }

    private static void enqueue(ParallelEnqueueMailQueue queue) {
        try {
            queue.enQueue(mock(Mail.class));
        } catch (MailQueueException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitValue(AtomicInteger value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.get()).isEqualTo(expected);
    }
}
