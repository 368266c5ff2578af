package fr.caducee.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhitelistRefresherTest {

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A list in ANS's format, each domain served by an operator named after it. */
    static String document(List<String> domains) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\">\n"
                + "  <DateDeGeneration>2026-03-02T03:00:00Z</DateDeGeneration>\n  <ListeDomaines>\n"
                + domains.stream().map(d -> "    <Domaine><Nom>" + d + "</Nom><DNCertificatOperateur>CN=mx." + d
                        + ",O=EXEMPLE,C=FR</DNCertificatOperateur></Domaine>\n").collect(Collectors.joining())
                + "  </ListeDomaines>\n</ListeBlancheMSSante>\n";
    }

    static List<String> domains(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i + ".mssante.fr").collect(Collectors.toList());
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("liste-blanche.xml");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static WhitelistRefresher fileRefresher(Path file) {
        return new WhitelistRefresher(file.toString(), null);
    }

    @Test
    void startsEmptySoEverythingIsRefused() {
        WhitelistRefresher refresher = fileRefresher(dir.resolve("absent.xml"));
        assertThat(refresher.current().size()).isZero();
        assertThat(refresher.current().contains("medecin.mssante.fr")).isFalse();
        assertThat(refresher.lastOutcome()).isEmpty();
    }

    @Test
    void loadsFromAFile() throws Exception {
        Path file = write(document(List.of("medecin.mssante.fr", "hôpital-exemple.fr")));
        WhitelistRefresher refresher = fileRefresher(file);

        RefreshOutcome outcome = refresher.refreshNow();

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.domainCount()).isEqualTo(2);
        assertThat(outcome.reason()).contains("loaded 2 domains (2 entries, 2 operator DNs) generated at "
                + "2026-03-02T03:00:00Z", "2 added, 0 removed");
        assertThat(refresher.lastOutcome()).contains(outcome);
        assertThat(refresher.current().contains("hôpital-exemple.fr")).isTrue();
        assertThat(refresher.current().source()).isEqualTo(file.toString());
    }

    @Test
    void keepsTheLastGoodListWhenTheNewDocumentIsInvalid() throws Exception {
        Path file = write(document(List.of("medecin.mssante.fr", "chu-lyon.mssante.fr")));
        WhitelistRefresher refresher = fileRefresher(file);
        refresher.refreshNow();
        Whitelist good = refresher.current();

        // Cut short, as a download stopped half way.
        write(document(List.of("medecin.mssante.fr", "chu-lyon.mssante.fr")).replace("</ListeBlancheMSSante>", ""));
        RefreshOutcome outcome = refresher.refreshNow();

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.reason()).contains("invalid document", "not a well-formed XML document at line 9");
        assertThat(outcome.domainCount()).isEqualTo(2);
        assertThat(refresher.current()).isSameAs(good);
    }

    @Test
    void keepsTheLastGoodListWhenTheSourceDisappears() throws Exception {
        Path file = write(document(List.of("medecin.mssante.fr")));
        WhitelistRefresher refresher = fileRefresher(file);
        refresher.refreshNow();
        Files.delete(file);

        RefreshOutcome outcome = refresher.refreshNow();

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.reason()).contains("cannot read", "NoSuchFileException");
        assertThat(refresher.current().contains("medecin.mssante.fr")).isTrue();
    }

    @Test
    void failedFirstLoadLeavesTheListEmpty() throws Exception {
        WhitelistRefresher refresher = fileRefresher(write("not xml at all"));
        RefreshOutcome outcome = refresher.refreshNow();
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.domainCount()).isZero();
        assertThat(refresher.current().size()).isZero();
    }

    @Test
    void refusesASuspiciousShrinkButAcceptsAModestOne() throws Exception {
        Path file = write(document(domains("chu-", 10)));
        WhitelistRefresher refresher = fileRefresher(file);
        refresher.refreshNow();

        // 6 of 10 removed: more than half.
        write(document(domains("chu-", 4)));
        RefreshOutcome refused = refresher.refreshNow();
        assertThat(refused.success()).isFalse();
        assertThat(refused.reason()).contains("suspicious shrink", "remove 6 of 10 domains", "limit 50%");
        assertThat(refresher.current().size()).isEqualTo(10);

        // 5 of 10 removed: exactly half is still accepted.
        write(document(domains("chu-", 5)));
        RefreshOutcome accepted = refresher.refreshNow();
        assertThat(accepted.success()).isTrue();
        assertThat(refresher.current().size()).isEqualTo(5);
    }

    @Test
    void countsReplacedDomainsAsRemovedEvenIfTheSizeIsUnchanged() throws Exception {
        Path file = write(document(domains("chu-", 10)));
        WhitelistRefresher refresher = fileRefresher(file);
        refresher.refreshNow();

        write(document(domains("clinique-", 10)));
        assertThat(refresher.refreshNow().success()).isFalse();
        assertThat(refresher.current().contains("chu-0.mssante.fr")).isTrue();
    }

    @Test
    void forcedRefreshInstallsALargeShrinkButNeverAnInvalidDocument() throws Exception {
        Path file = write(document(domains("chu-", 10)));
        WhitelistRefresher refresher = fileRefresher(file);
        refresher.refreshNow();

        write(document(domains("chu-", 2)));
        RefreshOutcome forced = refresher.forceRefreshNow();
        assertThat(forced.success()).isTrue();
        assertThat(forced.reason()).contains("forced");
        assertThat(refresher.current().size()).isEqualTo(2);

        write("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines/>"
                + "</ListeBlancheMSSante>");
        assertThat(refresher.forceRefreshNow().reason()).contains("the list is empty");
        assertThat(refresher.current().size()).isEqualTo(2);
    }

    @Test
    void shrinkLimitIsConfigurable() throws Exception {
        Path file = write(document(domains("chu-", 10)));
        WhitelistRefresher refresher = new WhitelistRefresher(file.toString(), null, Duration.ofSeconds(5), 0.1,
                false);
        refresher.refreshNow();
        write(document(domains("chu-", 8)));
        assertThat(refresher.refreshNow().reason()).contains("limit 10%");
        assertThat(refresher.current().size()).isEqualTo(10);
    }

    @Test
    void validatesConstructorArguments() {
        assertThatThrownBy(() -> new WhitelistRefresher("http://listeblanche.example/lb.xml", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
        assertThatThrownBy(() -> new WhitelistRefresher("ftp://listeblanche.example/lb.xml", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> new WhitelistRefresher("https://listeblanche.example/lb.xml", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sslContext");
        assertThatThrownBy(() -> new WhitelistRefresher("lb.xml", null, Duration.ofSeconds(1), 1.5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxShrinkFraction");
        assertThatThrownBy(() -> new WhitelistRefresher("lb.xml", null, Duration.ZERO, 0.5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void acceptsAnHttpsSourceWithTheCallersSslContext() throws Exception {
        WhitelistRefresher refresher = new WhitelistRefresher("https://listeblanche.example/lb.xml",
                SSLContext.getDefault());
        assertThat(refresher.current().source()).isEqualTo("https://listeblanche.example/lb.xml");
    }

    private String serve(AtomicInteger status, AtomicReference<String> body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/liste-blanche.xml", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/liste-blanche.xml";
    }

    @Test
    void loadsOverHttpAndKeepsTheListOnServerErrors() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> body = new AtomicReference<>(document(List.of("medecin.mssante.fr",
                "pharmacien.mssante.fr")));
        String url = serve(status, body);
        WhitelistRefresher refresher = new WhitelistRefresher(url, null, Duration.ofSeconds(5), 0.5, true);

        assertThat(refresher.refreshNow().success()).isTrue();
        assertThat(refresher.current().contains("pharmacien.mssante.fr")).isTrue();
        assertThat(refresher.current().source()).isEqualTo(url);

        status.set(503);
        body.set("Service Unavailable");
        RefreshOutcome unavailable = refresher.refreshNow();
        assertThat(unavailable.success()).isFalse();
        assertThat(unavailable.reason()).contains("HTTP status 503");
        assertThat(refresher.current().size()).isEqualTo(2);

        status.set(200);
        body.set("<html><body>Maintenance</body></html>");
        RefreshOutcome html = refresher.refreshNow();
        assertThat(html.success()).isFalse();
        assertThat(html.reason()).contains("root element is <html>");
        assertThat(refresher.current().size()).isEqualTo(2);
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.example/lb.xml");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/lb.xml";
        WhitelistRefresher refresher = new WhitelistRefresher(url, null, Duration.ofSeconds(5), 0.5, true);
        assertThat(refresher.refreshNow().reason()).contains("HTTP status 302");
    }

    @Test
    void reportsATimeoutAndKeepsTheList() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/lb.xml";
        WhitelistRefresher refresher = new WhitelistRefresher(url, null, Duration.ofMillis(300), 0.5, true);
        RefreshOutcome outcome = refresher.refreshNow();
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.reason()).containsIgnoringCase("timeout");
    }

    @Test
    void refreshesOnASchedule() throws Exception {
        Path file = write(document(List.of("medecin.mssante.fr")));
        try (WhitelistRefresher refresher = fileRefresher(file)) {
            refresher.start(Duration.ofMillis(50));
            assertThatThrownBy(() -> refresher.start(Duration.ofMillis(50)))
                    .isInstanceOf(IllegalStateException.class);
            awaitTrue(() -> refresher.current().contains("medecin.mssante.fr"));

            write(document(List.of("medecin.mssante.fr", "sage-femme.mssante.fr")));
            awaitTrue(() -> refresher.current().contains("sage-femme.mssante.fr"));

            // A broken document on the way does not stop later refreshes.
            write("<broken");
            awaitTrue(() -> refresher.lastOutcome().map(o -> !o.success()).orElse(false));
            write(document(List.of("medecin.mssante.fr", "sage-femme.mssante.fr", "infirmier.mssante.fr")));
            awaitTrue(() -> refresher.current().contains("infirmier.mssante.fr"));

            refresher.stop();
            write(document(List.of("medecin.mssante.fr", "sage-femme.mssante.fr", "infirmier.mssante.fr",
                    "pharmacien.mssante.fr")));
            Thread.sleep(200);
            assertThat(refresher.current().contains("pharmacien.mssante.fr")).isFalse();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
