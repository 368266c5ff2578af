package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;

/**
 * The audit trail of a running server, read over WebAdmin: what was accepted (with the login or the peer
 * operator's certificate), delivered and refused, found by message id, by box and by time; the export; the monthly
 * indicators; and after a kill -9 in the middle of a burst, a record for every message that had its 250.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailIT {
    static final String DOMAIN = "chu-audit.localhost";
    static final String DOCTOR = "dr.martin@" + DOMAIN;
    static final String WARD = "cardiologie@" + DOMAIN;
    static final String PASSWORD = "pass-audit-1234";
    static final String PEER_SENDER = "secretariat@" + DevPki.PEER_HOST_NAME;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(WARD, PASSWORD);

    @Test
    @Order(1)
    void submittedMessageIsFoundByMessageIdByBoxAndByTimeWithItsAcceptanceAndDelivery() throws Exception {
        Instant before = Instant.now();
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
        submit(DOCTOR, WARD, messageId);

        List<JsonNode> records = awaitDecisions("messageId=" + encode(messageId), "ACCEPTED", "DELIVERED");
        JsonNode accepted = records.get(0);
        assertThat(accepted.path("via").asText()).isEqualTo("submission");
        assertThat(accepted.path("login").asText()).isEqualTo(DOCTOR);
        assertThat(accepted.has("peer")).isFalse();
        assertThat(accepted.path("sender").asText()).isEqualTo(DOCTOR);
        assertThat(texts(accepted.path("recipients"))).containsExactly(WARD);
        assertThat(accepted.path("size").asLong()).isPositive();
        assertThat(accepted.path("mail").asText()).isNotEmpty();
        assertThat(accepted.path("session").asText()).isNotEmpty();
        assertThat(accepted.path("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(accepted.toString()).doesNotContain("Compte rendu de consultation");
        JsonNode delivered = records.get(1);
        assertThat(delivered.path("login").asText()).isEqualTo(DOCTOR);
        assertThat(texts(delivered.path("recipients"))).containsExactly(WARD);
        assertThat(delivered.path("messageId").asText()).isEqualTo(messageId);

        // By the mail's name: the delivery was made on a part split from it, found all the same.
        assertThat(decisions(query("mail=" + encode(accepted.path("mail").asText()))))
            .containsExactly("ACCEPTED", "DELIVERED");
        // By box, whatever the case, as recipient...
        assertThat(query("box=" + encode(WARD.toUpperCase())))
            .filteredOn(record -> record.path("messageId").asText().equals(messageId))
            .extracting(record -> record.path("decision").asText()).containsExactly("ACCEPTED", "DELIVERED");
        // ... and by time: in the range of the sending, not before it.
        String range = "from=" + encode(before.minusSeconds(1).toString()) + "&to=" + encode(Instant.now().plusSeconds(1).toString());
        assertThat(query(range)).anySatisfy(record -> assertThat(record.path("messageId").asText()).isEqualTo(messageId));
        String earlier = "from=" + encode(before.minusSeconds(3600).toString()) + "&to=" + encode(before.minusSeconds(1).toString());
        assertThat(query(earlier + "&messageId=" + encode(messageId))).isEmpty();
    }

    @Test
    @Order(2)
    void messageFromAPeerOperatorIsRecordedWithItsCertificate() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@" + DevPki.PEER_HOST_NAME + ">";
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<" + PEER_SENDER + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + PEER_SENDER);
            smtp.write("To: " + WARD);
            smtp.write("Message-ID: " + messageId);
            smtp.write("Subject: Avis d'hospitalisation");
            smtp.write("");
            smtp.write("Votre patient a été admis ce jour.");
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }

        List<JsonNode> records = awaitDecisions("messageId=" + encode(messageId), "ACCEPTED", "DELIVERED");
        for (JsonNode record : records) {
            assertThat(record.has("login")).isFalse();
            assertThat(record.path("peer").asText()).contains("peer.san=" + DevPki.PEER_HOST_NAME)
                .contains("DEVELOPMENT ONLY root CA");
            assertThat(record.path("sender").asText()).isEqualTo(PEER_SENDER);
        }
        assertThat(records.get(0).path("via").asText()).isEqualTo("mx");
    }

    @Test
    @Order(3)
    void refusalIsFoundWithItsRuleAndReply() throws Exception {
        String unknown = "inconnu-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + unknown + ">").code()).isEqualTo(550);
        }

        List<JsonNode> refusals = query("decision=refused&box=" + encode(unknown));
        assertThat(refusals).singleElement().satisfies(refusal -> {
            assertThat(refusal.path("rule").asText()).isEqualTo("recipient-unknown");
            assertThat(refusal.path("reason").asText()).startsWith("550 5.1.1");
            assertThat(refusal.path("login").asText()).isEqualTo(DOCTOR);
            assertThat(refusal.path("sender").asText()).isEqualTo(DOCTOR);
            assertThat(texts(refusal.path("recipients"))).containsExactly(unknown);
        });
    }

    @Test
    @Order(4)
    void failedLoginIsRecordedWithTheLoginTried() throws Exception {
        String intruder = "intrus-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
            assertThat(smtp.send("AUTH PLAIN " + SmtpDialogue.plain(intruder, "wrong")).code()).isEqualTo(535);
        }
        assertThat(query("decision=REFUSED&box=" + encode(intruder))).singleElement()
            .satisfies(refusal -> assertThat(refusal.path("rule").asText()).isEqualTo("authentication-failed"));
    }

    @Test
    @Order(5)
    void exportGivesOneJsonRecordPerLine() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
        submit(DOCTOR, WARD, messageId);
        awaitDecisions("messageId=" + encode(messageId), "ACCEPTED", "DELIVERED");

        HttpResponse<String> export = admin().get("/audit/export?from=" + Instant.now().atZone(ZoneOffset.UTC).toLocalDate());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
            assertThat(type).startsWith("application/x-ndjson"));
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.isObject()).as(line).isTrue();
            assertThat(record.path("time").asText()).as(line).isNotEmpty();
            assertThat(record.path("decision").asText()).as(line).isNotEmpty();
            records.add(record);
        }
        assertThat(records).filteredOn(record -> record.path("messageId").asText().equals(messageId)).hasSize(2);
    }

    @Test
    @Order(6)
    void monthlyIndicatorsCountWhatIsSentReceivedAndRefused() throws Exception {
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        JsonNode before = indicators(month);

        submit(DOCTOR, WARD, "<" + UUID.randomUUID() + "@" + DOMAIN + ">");
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
        submit(WARD, DOCTOR, messageId);
        awaitDecisions("messageId=" + encode(messageId), "ACCEPTED", "DELIVERED");
        await().atMost(Duration.ofSeconds(30)).until(() ->
            indicators(month).path("received").path("PER").asLong() == before.path("received").path("PER").asLong() + 2);
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            smtp.send("MAIL FROM:<" + DOCTOR + ">");
            assertThat(smtp.send("RCPT TO:<personne@" + DOMAIN + ">").code()).isEqualTo(550);
        }

        JsonNode after = indicators(month);
        assertThat(after.path("month").asText()).isEqualTo(month);
        assertThat(after.path("sent").path("PER").asLong()).isEqualTo(before.path("sent").path("PER").asLong() + 2);
        assertThat(after.path("received").path("PER").asLong()).isEqualTo(before.path("received").path("PER").asLong() + 2);
        assertThat(after.path("activeBoxes").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(after.path("activeByType").path("PER").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(after.path("refusalsByRule").path("recipient-unknown").asLong())
            .isEqualTo(before.path("refusalsByRule").path("recipient-unknown").asLong() + 1);
        assertThat(after.path("decisions").path("ACCEPTED").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(7)
    void badParametersAreRefusedNamingTheParameter() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/audit?decision=maybe", "decision");
        cases.put("/audit?limit=0", "limit");
        cases.put("/audit?limit=many", "limit");
        cases.put("/audit?from=yesterday", "from");
        cases.put("/audit?from=2026-11-24&to=2026-11-01", "from");
        cases.put("/audit/export?to=tomorrow", "to");
        cases.put("/audit/indicators?month=2026-13", "month");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = admin().get(bad.getKey());
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("message").asText()).as(bad.getKey()).contains(bad.getValue());
        }
    }

    @Test
    @Order(100)
    void afterAKillInTheMiddleOfABurstEveryMessageThatHadIts250HasItsAcceptedRecord() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int senders = 4;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        for (int t = 0; t < senders; t++) {
            int thread = t;
            pool.submit(() -> {
                try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
                    for (int n = 0; ; n++) {
                        String messageId = "<burst-" + thread + "-" + n + "-" + UUID.randomUUID() + "@" + DOMAIN + ">";
                        if (send(smtp, DOCTOR, WARD, messageId) == 250) {
                            acknowledged.add(messageId);
                        }
                    }
                } catch (Exception killed) {
                    // the server went away in the middle of a transaction: expected
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 100);
        caducee.server().kill();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        Set<String> answered = Set.copyOf(acknowledged);

        caducee.server().startAgain();

        Set<String> recorded = new HashSet<>();
        for (JsonNode record : query("decision=ACCEPTED&box=" + encode(DOCTOR) + "&limit=100000")) {
            recorded.add(record.path("messageId").asText());
        }
        assertThat(answered).as("messages answered 250 without an ACCEPTED record after kill -9")
            .allMatch(recorded::contains);
    }

    private static void submit(String from, String to, String messageId) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), from, PASSWORD)) {
            assertThat(send(smtp, from, to, messageId)).isEqualTo(250);
            smtp.send("QUIT");
        }
    }

    private static int send(SmtpDialogue smtp, String from, String to, String messageId) throws IOException {
        smtp.send("MAIL FROM:<" + from + ">");
        smtp.send("RCPT TO:<" + to + ">");
        smtp.send("DATA");
        smtp.write("From: " + from);
        smtp.write("To: " + to);
        smtp.write("Message-ID: " + messageId);
        smtp.write("Subject: Compte rendu");
        smtp.write("");
        smtp.write("Compte rendu de consultation.");
        return smtp.send(".").code();
    }

    private static List<JsonNode> awaitDecisions(String query, String... decisions) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            found.clear();
            found.addAll(query(query));
            assertThat(decisions(found)).containsExactly(decisions);
        });
        return found;
    }

    private static List<JsonNode> query(String parameters) throws Exception {
        HttpResponse<String> response = admin().get("/audit?" + parameters);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(response.body()).forEach(records::add);
        assertThat(response.headers().firstValue("X-Audit-Matched")).isPresent();
        return records;
    }

    private static JsonNode indicators(String month) throws Exception {
        HttpResponse<String> response = admin().get("/audit/indicators?month=" + month);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> decisions(List<JsonNode> records) {
        return records.stream().map(record -> record.path("decision").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static TestClients.WebAdmin admin() {
        return new TestClients.WebAdmin(caducee.server());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
