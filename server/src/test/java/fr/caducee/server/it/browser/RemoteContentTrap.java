package fr.caducee.server.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server standing for the sender's tracking server: a test puts {@link #url(String)} in a hostile
 * mail ({@code <img src>}, CSS {@code url()}, {@code <link>}, {@code <iframe>}) and asserts that nothing reached it.
 * It answers each request with something loadable (an image, a style sheet, a page), so that a browser that does
 * fetch remote content is seen fetching it. It can also stand for another site the patient visits: {@link #page}
 * serves a page of the test's own (a form posting to the webmail, for a forged request).
 */
public final class RemoteContentTrap implements AutoCloseable {
    // A 1x1 transparent PNG.
    private static final byte[] PIXEL = Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    private RemoteContentTrap(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static RemoteContentTrap start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // A thread per exchange, so that a browser holding one connection open never delays another.
            ExecutorService threads = Executors.newCachedThreadPool();
            RemoteContentTrap trap = new RemoteContentTrap(server, threads);
            server.createContext("/", trap::answer);
            server.setExecutor(threads);
            server.start();
            return trap;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL of the trap: {@code url("tracker.png")}, {@code url("style.css")}, {@code url("frame.html")}. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** Serves {@code html} at {@link #url(String) url(name)} from now on (counted as any request). */
    public RemoteContentTrap page(String name, String html) {
        pages.put("/" + name, html);
        return this;
    }

    /** How many requests arrived since the start or the last {@link #reset()}. */
    public int count() {
        return requests.size();
    }

    /** The method and path of each request, in the order they arrived. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        requests.clear();
    }

    /** Fails, listing what was fetched, if anything reached the trap. */
    public void assertUntouched(String pageName) {
        assertThat(requests()).as("remote content fetched by the browser on " + pageName).isEmpty();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            byte[] body;
            String type;
            if (pages.containsKey(path)) {
                type = "text/html; charset=utf-8";
                body = pages.get(path).getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith(".css")) {
                type = "text/css";
                body = "body { background: red; }".getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith(".html")) {
                type = "text/html; charset=utf-8";
                body = "<!doctype html><title>piège</title>".getBytes(StandardCharsets.UTF_8);
            } else {
                type = "image/png";
                body = PIXEL;
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
