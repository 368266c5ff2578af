package fr.caducee.server.it.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import fr.caducee.trust.pki.IssuedCertificate;

/**
 * A small HTTPS site on loopback for the harness's own test: fixed pages, each answered by a function of the request,
 * under a certificate the test issued.
 */
final class HarnessSite implements AutoCloseable {
    private static final char[] KEY_PASSWORD = "harness".toCharArray();

    private final HttpsServer server;
    private final ExecutorService threads;

    /** An answer: status, headers (Content-Type among them) and body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply html(String html, Map<String, String> headers) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Content-Type", "text/html; charset=utf-8");
            return new Reply(200, all, html.getBytes(StandardCharsets.UTF_8));
        }

        Reply withStatus(int newStatus) {
            return new Reply(newStatus, headers, body);
        }
    }

    private HarnessSite(HttpsServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static HarnessSite start(IssuedCertificate certificate, Map<String, Function<HttpExchange, Reply>> pages) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls(certificate)));
            pages.forEach((path, page) -> server.createContext(path, exchange -> answer(exchange, page)));
            // A pool rather than the server's single thread: a browser loads a page's resources over several connections.
            ExecutorService threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.start();
            return new HarnessSite(server, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://localhost:port}: the name the certificate carries. */
    String baseUrl() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void answer(HttpExchange exchange, Function<HttpExchange, Reply> page) throws IOException {
        try (exchange) {
            // Contexts match by prefix: only the exact path is a page here.
            Reply reply = exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())
                ? page.apply(exchange)
                : new Reply(404, Map.of("Content-Type", "text/plain"), "not found".getBytes(StandardCharsets.UTF_8));
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static SSLContext tls(IssuedCertificate certificate) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("site", certificate.privateKey(), KEY_PASSWORD,
                certificate.chain().toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, KEY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
