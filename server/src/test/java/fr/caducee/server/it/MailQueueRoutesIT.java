package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.TestClients;

/**
 * WebAdmin's mail queue routes on the PostgreSQL spool: a mail for an operator whose server does not answer waits in
 * the {@code outgoing} queue until its next attempt (an hour later); an administrator sees it there with its next
 * delivery time, and removes it by recipient.
 */
class MailQueueRoutesIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.file@" + DOMAIN;
    static final String PASSWORD = "pass-file-2026";
    static final String SILENT_OPERATOR = "operateur-muet.localhost";
    static final String SILENT_DN = "CN=mx.operateur-muet.localhost,OU=Operateur muet,O=Test,C=FR";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static TestClients.WebAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        // A port nothing listens on: every attempt fails at once and the mail is queued again, an hour later.
        Path routes = Files.writeString(work.resolve("routes.txt"),
            SILENT_OPERATOR + "   localhost:" + CaduceeProcess.freePort() + "\n");
        Path whitelist = new NationalWhitelist().domain(SILENT_OPERATOR, SILENT_DN).writeTo(work.resolve("liste-blanche.xml"));
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.routes", routes.toString(),
            "caducee.whitelist", whitelist.toString(),
            "caducee.relay.delays", "1 hours",
            "caducee.relay.maxRetries", "3",
            "caducee.demo", "false"), MailQueueRoutesIT.class.getSimpleName());
        admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMailWaitingForItsNextAttemptIsListedWithItsTimeAndRemovedByRecipient() throws Exception {
        String recipient = "dr.absent@" + SILENT_OPERATOR;
        new MailClient(server).send(DOCTOR, PASSWORD, recipient, "Compte rendu en attente", "Bonjour.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(json(admin.get("/mailQueues/outgoing/mails?delayed=true"))).hasSize(1));
        JsonNode waiting = json(admin.get("/mailQueues/outgoing/mails")).get(0);
        assertThat(waiting.get("recipients").get(0).asText()).isEqualTo(recipient);
        assertThat(waiting.get("sender").asText()).isEqualTo(DOCTOR);
        assertThat(ZonedDateTime.parse(waiting.get("nextDelivery").asText()))
            .isAfter(ZonedDateTime.now().plusMinutes(50));
        assertThat(json(admin.get("/mailQueues")).toString()).contains("\"spool\"", "\"outgoing\"");
        assertThat(json(admin.get("/mailQueues/outgoing")).get("size").asLong()).isEqualTo(1);

        HttpResponse<String> removal = admin.delete("/mailQueues/outgoing/mails?recipient=" + recipient);
        TestClients.WebAdmin.expect(201, removal);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(json(admin.get("/mailQueues/outgoing")).get("size").asLong()).isZero());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        TestClients.WebAdmin.expect(200, response);
        return JSON.readTree(response.body());
    }
}
