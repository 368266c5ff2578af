package fr.caducee.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTPS listener of the server (the API, the patients' webmail), set up the same way for each: TLS only, with
 * the protocols and cipher suites of every listener ({@link ListenerTls}) and the server's certificate, no
 * renegotiation, HTTP/1.1, no {@code Server} or {@code X-Powered-By} header, {@code Strict-Transport-Security} on
 * every answer, an idle timeout, a bounded thread pool of its own, and Jetty's own error answers (a malformed
 * request line...) reduced to their status: no page, no stack trace.
 */
public final class HttpsServer {
    /** A year: browsers then never try the listener in clear. */
    static final long STRICT_TRANSPORT_SECONDS = 365L * 24 * 3600;

    /** Whether the TLS handshake asks the client for a certificate. */
    public enum ClientCertificate {
        /** Asked for, not required: the API authenticates software by certificate or by password. */
        ASKED,
        /** Not asked for: browsers would offer the user a certificate chooser. */
        NONE
    }

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param name       names the threads ({@code api-12}) and the listener in the log
     * @param maxThreads requests served at once, the selector and acceptor threads included
     */
    public HttpsServer(String name, InetSocketAddress bind, TlsMaterial tls, ClientCertificate clientCertificate,
                       int maxThreads, Duration idleTimeout, Handler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(maxThreads, 2), 60_000);
        threads.setName(name);
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach the server by address as well as by name; the certificate is checked by the client anyway.
        secure.setSniHostCheck(false);
        secure.setStsMaxAge(STRICT_TRANSPORT_SECONDS);
        http.addCustomizer(secure);
        connector = new ServerConnector(server,
            new SslConnectionFactory(tlsContext(tls, clientCertificate), HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(http));
        connector.setHost(bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(new QuietErrors());
        server.setStopTimeout(5_000);
    }

    /** On the material in force at each handshake ({@link TlsMaterial#context}): a reload reaches the next one. */
    private static SslContextFactory.Server tlsContext(TlsMaterial tls, ClientCertificate clientCertificate) {
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setSslContext(tls.context(tls.anchorsTrustManager()));
        if (clientCertificate == ClientCertificate.ASKED) {
            context.setWantClientAuth(true);
        }
        context.setIncludeProtocols(ListenerTls.PROTOCOLS.toArray(String[]::new));
        context.setIncludeCipherSuites(ListenerTls.CIPHER_SUITES.toArray(String[]::new));
        context.setRenegotiationAllowed(false);
        return context;
    }

    public void start() throws Exception {
        server.start();
    }

    public void stop() throws Exception {
        server.stop();
    }

    public String host() {
        return connector.getHost();
    }

    /** The port it listens on (the one bound, when the configuration asked for any). */
    public int port() {
        return connector.getLocalPort();
    }

    /** As the start-up banner shows it: {@code *:10443 (HTTPS)}. */
    public String address() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "*" : connector.getHost();
        return host + ":" + connector.getLocalPort() + " (HTTPS)";
    }

    /** What Jetty answers itself (a malformed request...): the status, no page, no stack trace. */
    private static final class QuietErrors extends ErrorHandler {
        QuietErrors() {
            setShowStacks(false);
            setShowServlet(false);
            setShowMessageInTitle(false);
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            base.setHandled(true);
            response.setContentLength(0);
        }
    }
}
