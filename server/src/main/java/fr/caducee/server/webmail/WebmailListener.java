package fr.caducee.server.webmail;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.HttpsServer;
import fr.caducee.server.TlsMaterial;

/**
 * The patients' webmail on its own HTTPS listener ({@code caducee.webmail.bind}): set up as every HTTPS listener of
 * the server ({@link HttpsServer}: TLS 1.2 and 1.3 only with the listeners' suites, the server's certificate,
 * {@code Strict-Transport-Security}, no server version), no client certificate asked for (a browser would offer its
 * user a certificate chooser). The webmail's handler answers every path and sets the pages' own headers.
 */
public final class WebmailListener {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebmailListener.class);
    /**
     * One thread per request in flight: 200 sessions each waiting on a page or on a reply going through the
     * submission listener, plus Jetty's acceptor and selectors. Beyond it, requests wait in Jetty's queue.
     */
    static final int MAX_THREADS = 200 + 16;
    /** A browser keeps its connection between pages for at most this long. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final String NAME = "webmail";

    private final HttpsServer https;

    public WebmailListener(InetSocketAddress bind, TlsMaterial tls, Handler webmail) throws Exception {
        this.https = new HttpsServer(NAME, bind, tls, HttpsServer.ClientCertificate.NONE, MAX_THREADS, IDLE_TIMEOUT,
            webmail);
    }

    public void start() throws Exception {
        https.start();
        LOGGER.info("Webmail listening on {}:{} (HTTPS)", https.host(), https.port());
    }

    public void stop() throws Exception {
        https.stop();
    }

    /** As the start-up banner shows it. */
    public String address() {
        return https.address();
    }
}
