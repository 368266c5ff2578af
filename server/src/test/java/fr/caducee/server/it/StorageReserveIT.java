package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * The free-space guard over real SMTP with TLS. The server starts with a reserve larger than any disk
 * ({@code caducee.storage.reserveMegabytes}, about 950 TB), so its data folder is short of space: MAIL FROM gets
 * {@code 452 4.3.1} and the sentence on the submission and MX ports, and each refusal is in the audit trail. Restarted on the same data folder with the default reserve, it takes and delivers mail again. The
 * disk actually filling up, and the drain and restart that follow, are checked by {@code scripts/reliability
 * --only disk} on a small file system of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageReserveIT {
    static final String DOMAIN = "chu-plein.localhost";
    static final String DOCTOR = "dr.reserve@" + DOMAIN;
    static final String WARD = "reanimation@" + DOMAIN;
    static final String PEER_SENDER = "secretariat@peer-operator.localhost";
    static final String PASSWORD = "pass-reserve-1234";
    static final String FULL = "452 4.3.1 Mail system full: this server is short of disk space and cannot take your "
        + "message now; try again later";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.storage.reserveMegabytes", "1000000000")
        .withBox(DOCTOR, PASSWORD)
        .withBox(WARD, PASSWORD);

    @Test
    @Order(1)
    void submissionIsRefusedAtMailFromWith452AndTheRefusalIsAudited() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").text()).isEqualTo(FULL);
            // Announcing a size changes nothing: the reserve alone is already out of reach.
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + "> SIZE=2048").text()).isEqualTo(FULL);
            // The session is still usable; nothing can be sent in it.
            assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(503);
            assertThat(smtp.send("NOOP").code()).isEqualTo(250);
        }

        assertThat(refusals(DOCTOR)).hasSize(2).allSatisfy(refusal -> {
            assertThat(refusal.path("rule").asText()).isEqualTo("mail-system-full");
            assertThat(refusal.path("reason").asText()).isEqualTo(FULL);
            assertThat(refusal.path("via").asText()).isEqualTo("submission");
            assertThat(refusal.path("login").asText()).isEqualTo(DOCTOR);
            assertThat(refusal.path("sender").asText()).isEqualTo(DOCTOR);
        });
    }

    @Test
    @Order(2)
    void peerOperatorIsRefusedAtMailFromWith452() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<" + PEER_SENDER + ">").text()).isEqualTo(FULL);
        }

        assertThat(refusals(PEER_SENDER)).singleElement().satisfies(refusal -> {
            assertThat(refusal.path("rule").asText()).isEqualTo("mail-system-full");
            assertThat(refusal.path("via").asText()).isEqualTo("mx");
        });
    }

    @Test
    @Order(3)
    void withTheDefaultReserveTheSameServerTakesMailAgain() throws Exception {
        caducee.server().restartWith("caducee.storage.reserveMegabytes", "256");
        String subject = "Accepté après la place revenue " + UUID.randomUUID();

        new MailClient(caducee.server()).send(DOCTOR, PASSWORD, WARD, subject, "Compte rendu.");

        assertThat(new MailClient(caducee.server()).awaitDelivered(WARD, PASSWORD, subject)).hasSize(1);
    }

    private static List<JsonNode> refusals(String box) throws Exception {
        HttpResponse<String> response = new TestClients.WebAdmin(caducee.server())
            .get("/audit?decision=refused&box=" + URLEncoder.encode(box, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(response.body()).forEach(records::add);
        return records;
    }
}
