package fr.caducee.server.metrics;

import java.io.IOException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;

import javax.inject.Singleton;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.ssl.NotSslRecordException;
import io.prometheus.client.Counter;

/**
 * {@code caducee_tls_failures_total}: a client's TLS failure on a listener, by a few stable reasons read from the
 * JDK's exception (its messages are the only place the alert is told): {@code no_shared_cipher},
 * {@code protocol_version}, {@code unknown_ca}, {@code certificate_expired}, {@code certificate_required},
 * {@code bad_certificate}, {@code not_tls}, {@code reset}, {@code handshake_other}, {@code tls_other}.
 * Counted by {@link fr.caducee.server.ClientErrors}, which tells the same failure in the log.
 */
@Singleton
public final class TlsFailures {
    private final Counter failures = Counter.build()
        .name("caducee_tls_failures_total")
        .help("Clients' TLS failures (handshakes that did not finish, plain text on TLS, resets), by listener and reason")
        .labelNames("listener", "reason")
        .create();

    /** Counts the failure if it is one of a client's TLS or connection failures; {@code listener}: a listener's name. */
    public void count(String listener, Throwable cause) {
        String reason = reason(cause);
        if (reason != null) {
            failures.labels(listener, reason).inc();
        }
    }

    Counter counter() {
        return failures;
    }

    /** The reason's label, or null when the failure is not a client's TLS or connection failure. */
    static String reason(Throwable cause) {
        for (Throwable failure = cause; failure != null; failure = failure.getCause()) {
            if (failure instanceof NotSslRecordException) {
                return "not_tls";
            }
            if (failure instanceof SSLException) {
                return ofTls(failure);
            }
            if (failure instanceof IOException && closedByPeer(failure.getMessage())) {
                return "reset";
            }
        }
        return null;
    }

    private static String ofTls(Throwable tls) {
        String text = messages(tls);
        if (text.contains("no cipher suites in common") || text.contains("handshake_failure")
                && text.contains("cipher")) {
            return "no_shared_cipher";
        }
        if (text.contains("protocol") && (text.contains("not enabled") || text.contains("not accepted")
                || text.contains("not supported")) || text.contains("protocol_version")) {
            return "protocol_version";
        }
        if (causedBy(tls, CertificateExpiredException.class) || text.contains("certificate_expired")
                || text.contains("validity check failed") || text.contains("notafter")) {
            return "certificate_expired";
        }
        if (text.contains("unable to find valid certification path") || text.contains("pkix path")
                || text.contains("unknown_ca")) {
            return "unknown_ca";
        }
        if (text.contains("empty client certificate chain") || text.contains("certificate_required")) {
            return "certificate_required";
        }
        if (text.contains("bad_certificate") || text.contains("certificate_unknown")) {
            return "bad_certificate";
        }
        if (closedByPeer(text) || text.contains("terminated the handshake") || text.contains("closed by remote")) {
            return "reset";
        }
        return tls instanceof SSLHandshakeException ? "handshake_other" : "tls_other";
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean closedByPeer(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return text.contains("connection reset") || text.contains("broken pipe");
    }
}
