package fr.caducee.rules.delivery;

import java.util.Optional;

import org.slf4j.MDC;

/**
 * Why the last delivery attempt on this thread failed, and for which mail. James's RemoteDelivery keeps no reason for
 * a temporary failure (a peer that does not answer, a {@code 4xx}): it only logs it, then writes the mail back to its
 * queue for a later attempt, on the same thread. Our {@link SMTPTransport} notes the failure here with the mail's name,
 * which RemoteDelivery puts in the logging context ({@code mail}) while it delivers; the queue takes it back when the
 * mail is written again, as the mail's error message, which the operator reads in {@code caducee queue list}. A
 * thread-local because JavaMail makes the transport and RemoteDelivery the queue call: neither can be given the other.
 */
public final class DeliveryFailures {
    /** RemoteDelivery's logging context names the mail being delivered under this key. */
    static final String MAIL_KEY = "mail";
    static final int LONGEST = 500;
    private static final ThreadLocal<Failure> LAST = new ThreadLocal<>();

    private record Failure(String mail, String reason) {
    }

    private DeliveryFailures() {
    }

    /** Notes why the attempt under way on this thread failed (nothing when no mail is being delivered). */
    static void note(Exception failure) {
        note(MDC.get(MAIL_KEY), failure);
    }

    static void note(String mail, Exception failure) {
        if (mail != null) {
            LAST.set(new Failure(mail, reason(failure)));
        }
    }

    /** The reason noted on this thread for this mail, if any; forgotten once taken, or when it was another mail's. */
    public static Optional<String> take(String mailName) {
        Failure failure = LAST.get();
        LAST.remove();
        return failure != null && failure.mail().equals(mailName) ? Optional.of(failure.reason()) : Optional.empty();
    }

    /** The failure and its causes, one line: {@code Couldn't connect to host, port: ...: Connection refused}. */
    static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = failure; cause != null && reason.length() < LONGEST; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            String line = message.strip().lines().findFirst().orElse("").strip();
            if (!line.isEmpty() && reason.indexOf(line) < 0) {
                reason.append(reason.length() == 0 ? "" : ": ").append(line);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return reason.length() > LONGEST ? reason.substring(0, LONGEST) + "..." : reason.toString();
    }
}
