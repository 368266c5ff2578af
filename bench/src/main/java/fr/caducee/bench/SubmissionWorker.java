package fr.caducee.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

/**
 * One submission connection: takes message numbers from a shared counter and sends them one after another on the
 * same authenticated session, as a busy mail client or a gateway would, reconnecting only if the server drops it.
 */
final class SubmissionWorker implements Callable<SubmissionWorker.Outcome> {
    private final Transport transport;
    private final BenchMessage messages;
    private final AtomicInteger next;
    private final int total;
    private final LatencyRecorder latencies;
    private int accepted;
    private int failed;
    private int reconnects;
    private MessagingException firstError;

    record Outcome(int accepted, int failed, int reconnects, MessagingException firstError) {
    }

    /** {@code transport} is already connected, so connection setup stays out of the measured period. */
    SubmissionWorker(Transport transport, BenchMessage messages, AtomicInteger next, int total, LatencyRecorder latencies) {
        this.transport = transport;
        this.messages = messages;
        this.next = next;
        this.total = total;
        this.latencies = latencies;
    }

    @Override
    public Outcome call() throws MessagingException {
        try {
            for (int index = next.getAndIncrement(); index < total; index = next.getAndIncrement()) {
                MimeMessage message = messages.number(index + 1);
                // Header finalisation (Message-ID, MIME headers) is client work: keep it out of the timed transaction.
                message.saveChanges();
                submit(message);
            }
        } finally {
            transport.close();
        }
        return new Outcome(accepted, failed, reconnects, firstError);
    }

    private void submit(MimeMessage message) throws MessagingException {
        try {
            send(message);
        } catch (SendFailedException e) {
            fail(e); // the server answered and refused: retrying would only be refused again
        } catch (MessagingException e) {
            // isConnected() costs a NOOP round trip, so only ask once something went wrong.
            if (transport.isConnected()) {
                fail(e);
                return;
            }
            transport.close();
            transport.connect();
            reconnects++;
            try {
                send(message);
            } catch (MessagingException again) {
                fail(again);
            }
        }
    }

    private void send(MimeMessage message) throws MessagingException {
        long start = System.nanoTime();
        transport.sendMessage(message, message.getAllRecipients());
        latencies.record(System.nanoTime() - start);
        accepted++;
    }

    private void fail(MessagingException e) {
        failed++;
        if (firstError == null) {
            firstError = e;
        }
    }
}
