package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

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
    void aListedOperatorCannotSendForADomainTheListGivesToAnotherOperator() throws Exception {
        try (SmtpDialogue smtp = mx()) {
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            smtp.send("RSET");
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<dr.voisin@hopital-voisin.localhost>");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("may not send for hopital-voisin.localhost")
                .contains(NationalWhitelist.PEER_OPERATOR_DN).contains("CN=mx.hopital-voisin.localhost,O=Test,C=FR");
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
        return whitelist(domains).writeToTemporaryFile();
    }

    private static void writeWhitelist(Path whitelist, String... domains) {
        whitelist(domains).writeTo(whitelist);
    }

    /** The development peer operator for its domain, another operator for every other domain. */
    private static NationalWhitelist whitelist(String... domains) {
        NationalWhitelist list = new NationalWhitelist();
        for (String domain : domains) {
            list.domain(domain, domain.equals("peer-operator.localhost") ? NationalWhitelist.PEER_OPERATOR_DN
                : "CN=mx." + domain + ",O=Test,C=FR");
        }
        return list;
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
