package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;

/**
 * What an operator reads in the log: a client whose TLS fails leaves one line with the reason (real clients: openssl
 * s_client, and plain text on an implicit TLS port), a SIGTERM stops the server quickly with no ERROR and no stack
 * trace, and a mail acknowledged just before it is delivered after the next start; with
 * {@code caducee.log.format=json} the log holds only JSON lines.
 */
class StopAndLogsIT {
    static final String DOCTOR = "dr.arret@arret.localhost";
    static final String COLLEAGUE = "dr.reprise@arret.localhost";
    static final String PASSWORD = "pass-arret-2026";
    /** Measured well under 2 s idle (docs/BENCHMARKS.md, "Start and stop"); the bound leaves room for a busy machine. */
    static final Duration STOP_BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, PASSWORD);

    @TempDir
    Path jsonData;

    @Test
    void clientTlsFailuresLeaveOneLineEachAndSigtermStopsQuicklyWithoutErrorLosingNoAcknowledgedMail() throws Exception {
        CaduceeProcess server = caducee.server();
        CaduceeProcess.Ports ports = server.ports();
        Path log = server.dataDir().resolve("log/caducee.log");

        FailingTlsClients.plainText(ports.submissions(), "EHLO plain.example\r\n");
        FailingTlsClients.plainText(ports.imaps(), "a1 LOGIN someone secret\r\n");
        FailingTlsClients.openssl("-tls1", "-connect", "127.0.0.1:" + ports.imaps());
        FailingTlsClients.openssl("-starttls", "smtp", "-connect", "127.0.0.1:" + ports.mx());

        List<String> told = awaitLines(log, "fr.caducee.server.ClientErrors", 4);
        assertThat(told).hasSize(4);
        assertThat(told).anySatisfy(line -> assertThat(line)
            .contains("submissions: client 127.0.0.1:", "not TLS (plain text on a TLS port?)"));
        assertThat(told).anySatisfy(line -> assertThat(line)
            .contains("imaps: client 127.0.0.1:", "not TLS (plain text on a TLS port?)"));
        assertThat(told).anySatisfy(line -> assertThat(line)
            .contains("imaps: client 127.0.0.1:", "TLS handshake failed: ", "TLSv1"));
        assertThat(told).anySatisfy(line -> assertThat(line)
            .contains("mx: client 127.0.0.1:", "TLS handshake failed: Empty client certificate chain"));

        MailClient client = new MailClient(server);
        client.send(DOCTOR, PASSWORD, COLLEAGUE, "juste avant l'arret", "Acknowledged, then SIGTERM.");
        long started = System.nanoTime();
        server.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stopping).isLessThan(STOP_BOUND);
        String written = Files.readString(log, StandardCharsets.UTF_8) + Files.readString(server.log());
        assertThat(written.lines().filter(line -> line.contains(" ERROR ")))
            .as("ERROR lines in the log and on the console").isEmpty();
        assertThat(written.lines().filter(line -> line.matches("\\s+at .*") || line.startsWith("Caused by:")))
            .as("stack trace lines").isEmpty();
        assertThat(written).contains("Stopping the managed PostgreSQL");
        // The pool closed before the database: PostgreSQL sees its clients leave rather than cutting them off.
        assertThat(Files.readString(server.dataDir().resolve("log/postgres.log"), StandardCharsets.UTF_8))
            .doesNotContain("terminating connection due to administrator command");

        server.startAgain();
        assertThat(client.awaitDelivered(COLLEAGUE, PASSWORD, "juste avant l'arret")).hasSize(1);
    }

    @Test
    void aJsonFormatServerWritesOnlyJsonLines() throws Exception {
        Path log;
        try (CaduceeProcess server = CaduceeProcess.start(jsonData, Map.of("caducee.log.format", "json"),
                "StopAndLogsIT-json")) {
            FailingTlsClients.plainText(server.ports().imaps(), "a1 LOGIN someone secret\r\n");
            log = server.dataDir().resolve("log/caducee.log");
            awaitLines(log, "fr.caducee.server.ClientErrors", 1);
        }

        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("level").asText()).as(line).isIn("DEBUG", "INFO", "WARN");
            assertThat(event.path("loggerName").asText()).as(line).isNotEmpty();
            assertThat(event.path("throwable").isNull()).as(line).isTrue();
        }
        assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).path("formattedMessage").asText())
            .startsWith("imaps: client 127.0.0.1:").contains("not TLS"));
        assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).path("formattedMessage").asText())
            .isEqualTo("Stopping Caducée"));
    }



    private static List<String> awaitLines(Path log, String containing, int count) throws Exception {
        List<String> found = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < deadline; ) {
            found = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(containing))
                .collect(Collectors.toList());
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        }
        return found;
    }
}
