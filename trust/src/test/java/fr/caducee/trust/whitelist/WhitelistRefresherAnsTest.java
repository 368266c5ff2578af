package fr.caducee.trust.whitelist;

import static fr.caducee.trust.whitelist.AnsWhitelistTest.FULL;
import static fr.caducee.trust.whitelist.AnsWhitelistTest.LATER;
import static fr.caducee.trust.whitelist.AnsWhitelistTest.LATER_AS_PUBLISHED;
import static fr.caducee.trust.whitelist.AnsWhitelistTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.model.OperatorDn;

/**
 * Refreshes from ANS's published lists over HTTP, as from ansforge/MSS-liste-blanche: the list and its
 * {@code checksum} file side by side.
 */
class WhitelistRefresherAnsTest {

    /** The SHA-256 ANS published for the later list, as published (without its closing tag). */
    private static final String PUBLISHED_CHECKSUM = "fcec0113fe62c11c551882adc97f9eb254665d41fc31404cf984a0672cd9b2b2";

    @TempDir
    Path dir;

    private HttpServer server;
    /** Path on the server -> body; a missing path answers 404. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private WhitelistRefresher refresher(String checksumSource) {
        return new WhitelistRefresher(url("/listeblanchemssante.xml"), checksumSource, null, Duration.ofSeconds(20),
                WhitelistRefresher.DEFAULT_MAX_SHRINK_FRACTION, true);
    }

    private void publish(byte[] list, String checksum) {
        served.put("/listeblanchemssante.xml", list);
        if (checksum != null) {
            served.put("/checksum", checksum.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void installsTheListWhenItsChecksumMatches() {
        byte[] list = resource(LATER);
        publish(list, Checksums.sha256Hex(list));
        WhitelistRefresher refresher = refresher(url("/checksum"));

        RefreshOutcome outcome = refresher.refreshNow();

        assertThat(outcome.success()).as(outcome.reason()).isTrue();
        assertThat(outcome.reason()).contains("loaded 516 domains (619 entries, 35 operator DNs) generated at "
                + "2025-03-13T14:54:10Z", "checksum verified");
        assertThat(refresher.current().generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
        assertThat(refresher.checksumSource()).contains(url("/checksum"));
        assertThat(refresher.lastRefusal()).isEmpty();
    }

    @Test
    void acceptsAChecksumFollowedByANewlineOrAFileName() {
        byte[] list = resource(LATER);
        publish(list, Checksums.sha256Hex(list).toUpperCase() + "  listeblanchemssante.xml\n");

        assertThat(refresher(url("/checksum")).refreshNow().success()).isTrue();
    }

    @Test
    void refusesAListWhoseChecksumDoesNotMatchAndKeepsTheLastGoodOne() {
        byte[] list = resource(LATER);
        publish(list, Checksums.sha256Hex(list));
        WhitelistRefresher refresher = refresher(url("/checksum"));
        refresher.refreshNow();

        byte[] tampered = new String(list, StandardCharsets.UTF_8)
                .replace("CN=medimail-asip.mipih.fr", "CN=mx.attacker.example").getBytes(StandardCharsets.UTF_8);
        publish(tampered, Checksums.sha256Hex(list));
        RefreshOutcome refused = refresher.refreshNow();

        assertThat(refused.success()).isFalse();
        assertThat(refused.reason()).startsWith("checksum mismatch: the " + tampered.length + " bytes read from "
                + url("/listeblanchemssante.xml") + " have SHA-256 " + Checksums.sha256Hex(tampered) + ", "
                + url("/checksum") + " publishes " + Checksums.sha256Hex(list));
        assertThat(refused.domainCount()).isEqualTo(516);
        assertThat(refresher.current().isListedOperator(OperatorDn.parse(
                "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR"))).isTrue();
        assertThat(refresher.lastRefusal()).contains(refused);
    }

    @Test
    void refusesATruncatedListEvenWithItsRealChecksum() {
        byte[] published = resource(LATER_AS_PUBLISHED);
        assertThat(Checksums.sha256Hex(published)).isEqualTo(PUBLISHED_CHECKSUM);
        publish(published, new String(resource("ans/checksum-37d96c9"), StandardCharsets.US_ASCII));
        WhitelistRefresher refresher = refresher(url("/checksum"));

        RefreshOutcome outcome = refresher.refreshNow();

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.reason()).startsWith("invalid document: ").contains("not a well-formed XML document");
        assertThat(refresher.current().size()).isZero();
    }

    @Test
    void refusesTheListWhenTheChecksumCannotBeReadOrIsNotOne() {
        byte[] list = resource(LATER);
        publish(list, null);
        WhitelistRefresher refresher = refresher(url("/checksum"));

        assertThat(refresher.refreshNow().reason())
                .startsWith("checksum unavailable, cannot verify the list: cannot read " + url("/checksum"))
                .contains("HTTP status 404");

        served.put("/checksum", "<html>Not here</html>".getBytes(StandardCharsets.US_ASCII));
        assertThat(refresher.refreshNow().reason()).isEqualTo("checksum unavailable, cannot verify the list: "
                + url("/checksum") + " does not hold a SHA-256 (64 hex characters), it holds '<html>Not here</html>'");
        assertThat(refresher.current().size()).isZero();
    }

    @Test
    void readsTheChecksumFromAFileToo() throws IOException {
        byte[] list = resource(LATER);
        publish(list, null);
        Path checksum = Files.writeString(dir.resolve("checksum"), Checksums.sha256Hex(list) + "\n");

        assertThat(refresher(checksum.toString()).refreshNow().reason()).contains("checksum verified");

        Files.writeString(checksum, PUBLISHED_CHECKSUM);
        assertThat(refresher(checksum.toString()).refreshNow().reason()).startsWith("checksum mismatch");
    }

    @Test
    void refusesTheFormerLayout() {
        publish(("<?xml version=\"1.0\"?><ListeBlanche xmlns=\"https://listeblanche.mssante.fr/schema\">"
                + "<Domaine><Nom>a.fr</Nom></Domaine></ListeBlanche>").getBytes(StandardCharsets.UTF_8), null);

        assertThat(refresher(null).refreshNow().reason()).contains("this is not the format ANS publishes");
    }

    @Test
    void refusesLosingMoreThanHalfOfTheDomainsUntilForced() {
        publish(resource(FULL), null);
        WhitelistRefresher refresher = refresher(null);
        RefreshOutcome first = refresher.refreshNow();
        assertThat(first.success()).as(first.reason()).isTrue();
        assertThat(first.reason()).contains("loaded 5001 domains (6553 entries, 384 operator DNs, 1 entries skipped, "
                + "first: <Nom> at line 48459: 'sessad@ase.ditepbeziers.mssante.fr' is not a valid domain name");

        // The later list names 516 domains, 514 of them in the full one: 4,487 of 5,001 would go.
        publish(resource(LATER), null);
        RefreshOutcome refused = refresher.refreshNow();
        assertThat(refused.success()).isFalse();
        assertThat(refused.reason()).contains("would remove 4487 of 5001 domains (90%, limit 50%)",
                "use a forced refresh");
        assertThat(refresher.current().size()).isEqualTo(5001);

        RefreshOutcome forced = refresher.forceRefreshNow();
        assertThat(forced.success()).isTrue();
        assertThat(forced.reason()).contains("loaded 516 domains", "2 added, 4487 removed", "forced");
        assertThat(refresher.current().size()).isEqualTo(516);
        assertThat(refresher.lastRefusal()).contains(refused);
    }
}
