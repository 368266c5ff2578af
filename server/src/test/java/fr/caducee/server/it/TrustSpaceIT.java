package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Nothing goes to, or comes from, a domain off the national whitelist; the list is reloaded without a restart. */
class TrustSpaceIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.liste@" + DOMAIN;
    static final String PASSWORD = "pass-liste-2026";

    static final Path WHITELIST = temporaryWhitelist("peer-operator.localhost", "hopital-voisin.localhost");

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.whitelist", WHITELIST.toString())
        .withProperty("caducee.whitelist.refreshSeconds", "1")
        .withBox(DOCTOR, PASSWORD);

    @Test
    void recipientOutsideTheTrustSpaceIsRefusedAtRcpt() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<someone@gmail.com>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("gmail.com is outside the trust space");
        }
    }

    @Test
    void recipientAtAWhitelistedOperatorIsAccepted() throws Exception {
        try (SmtpDialogue smtp = submission()) {
            assertThat(smtp.send("RCPT TO:<dr.voisin@hopital-voisin.localhost>").code()).isEqualTo(250);
        }
    }

    @Test
    void senderDomainOffTheWhitelistIsRefusedOnTheMxPort() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<spammer@gmail.com>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("not on the national whitelist");
        }
    }

    @Test
    void receiptsWithTheNullSenderAreAcceptedOnTheMxPort() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            assertThat(smtp.send("MAIL FROM:<>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + DOCTOR + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void aDomainAddedToTheListIsTrustedWithoutRestartAndAnInvalidListKeepsTheLastGoodOne() throws Exception {
        writeWhitelist(WHITELIST, "peer-operator.localhost", "hopital-voisin.localhost", "nouvel-operateur.localhost");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (SmtpDialogue smtp = submission()) {
                assertThat(smtp.send("RCPT TO:<secretariat@nouvel-operateur.localhost>").code()).isEqualTo(250);
            }
        });

        Files.writeString(WHITELIST, "<ListeBlanche>truncated");
        Thread.sleep(3_000); // three refresh periods: the broken document has been read and refused
        try (SmtpDialogue smtp = submission()) {
            assertThat(smtp.send("RCPT TO:<secretariat@nouvel-operateur.localhost>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<someone@gmail.com>").code()).isEqualTo(550);
        }

        // The administrator sees why: a refresh asked now fails, says what is wrong, and the last good list stays.
        HttpResponse<String> refresh = new TestClients.WebAdmin(caducee.server())
            .post("/directory/whitelist/refresh", "");
        assertThat(refresh.statusCode()).isEqualTo(502);
        JsonNode state = new ObjectMapper().readTree(refresh.body());
        assertThat(state.get("domains").asInt()).isEqualTo(3);
        assertThat(state.at("/lastRefresh/success").asBoolean()).isFalse();
        assertThat(state.at("/lastRefresh/reason").asText()).isNotBlank().contains(WHITELIST.getFileName().toString());
    }

    private static Path temporaryWhitelist(String... domains) {
        try {
            Path file = Files.createTempFile("liste-blanche-", ".xml");
            file.toFile().deleteOnExit();
            writeWhitelist(file, domains);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeWhitelist(Path whitelist, String... domains) throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<ListeBlanche xmlns=\"https://listeblanche.mssante.fr/schema\">\n");
        for (String domain : domains) {
            xml.append("  <Domaine><Nom>").append(domain).append("</Nom></Domaine>\n");
        }
        Path next = whitelist.resolveSibling("liste-blanche.next");
        Files.writeString(next, xml.append("</ListeBlanche>\n"));
        Files.move(next, whitelist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static SmtpDialogue submission() throws Exception {
        SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD);
        assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
        return smtp;
    }

    private static SmtpDialogue mx() throws Exception {
        return SmtpDialogue.trustedPeer(caducee.server());
    }
}
