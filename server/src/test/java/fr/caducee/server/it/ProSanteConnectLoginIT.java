package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.OidcProvider;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Pro Santé Connect tokens over IMAP and SMTP against the packaged server, its {@code caducee.psc.*} pointing at a
 * local provider ({@link OidcProvider}), with the demo boxes: curl as the practice software's client
 * ({@code --oauth2-bearer}, OAUTHBEARER as curl picks it), and line-level dialogues for the exact answers. The token
 * opens the box it names or the professional's PER box, never another's; each bad token is refused with its rule;
 * the provider away is "unavailable"; everything is in the audit trail; nothing of it before TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProSanteConnectLoginIT {
    static final String DOMAIN = "caducee.localhost";
    /** Claire Martin, GP: her PER box, and a member of the cardiology ward's ORG box. */
    static final String GP = "dr.martin@" + DOMAIN;
    static final String GP_ID = "810000005479";
    static final String CARDIOLOGIST = "pr.bernard@" + DOMAIN;
    static final String WARD = "cardiologie@" + DOMAIN;
    /** Antoine Leroy, emergency physician: no PER box, a member of the emergency department's ORG box. */
    static final String EMERGENCY = "urgences@" + DOMAIN;
    static final String EMERGENCY_PHYSICIAN_ID = "810000036565";
    static final String APP = "dpi@" + DOMAIN;
    static final ObjectMapper JSON = new ObjectMapper();

    static final OidcProvider provider = OidcProvider.start();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.psc.issuer", provider.issuer())
        .withProperty("caducee.psc.clients", OidcProvider.CLIENT)
        // Keys kept two seconds: the provider's outage shows at once.
        .withProperty("caducee.psc.jwksRefreshSeconds", "2");

    static final List<String> tokensUsed = new ArrayList<>();

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    static String mint(OidcProvider.TokenBuilder token) {
        String minted = token.mint();
        tokensUsed.add(minted);
        return minted;
    }

    static String token(String idNat) {
        return mint(provider.token(idNat));
    }

    /** OAUTHBEARER's response (RFC 7628): the box in {@code a=}, or none. */
    static String oauthbearer(String box, String token) {
        return base64("n," + (box == null ? "" : "a=" + box) + ",\u0001host=localhost\u0001auth=Bearer " + token
            + "\u0001\u0001");
    }

    static String xoauth2(String box, String token) {
        return base64("user=" + (box == null ? "" : box) + "\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A message with a subject of its own in the box's INBOX, put there with the box's password. */
    static String markedMessageIn(String box) throws Exception {
        String marker = "psc" + UUID.randomUUID().toString().substring(0, 8);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(box, caducee.server().demoAccounts().get(box))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("INBOX", "From: " + CARDIOLOGIST + "\r\nTo: " + box
                + "\r\nSubject: " + marker + "\r\n\r\nBonjour.\r\n"))).startsWith("OK");
        }
        return marker;
    }

    @Test
    @Order(1)
    void theTokenMechanismsAreOfferedOverTlsOnly() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.command("CAPABILITY").get(0)).contains(" AUTH=PLAIN").contains(" AUTH=OAUTHBEARER")
                .contains(" AUTH=XOAUTH2").doesNotContain("AUTH=EXTERNAL");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            assertThat(smtp.send("EHLO poste.caducee.localhost").text()).doesNotContain("AUTH");
        }
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
            assertThat(smtp.send("EHLO poste.caducee.localhost").lines())
                .contains("250-AUTH LOGIN PLAIN OAUTHBEARER XOAUTH2");
        }
    }

    @Test
    @Order(2)
    void curlWithATokenOpensTheBoxItNamesOverImaps() throws Exception {
        String perMarker = markedMessageIn(GP);
        String wardMarker = markedMessageIn(WARD);

        MailCurl.Result own = MailCurl.imaps(caducee.server(), "/INBOX?SUBJECT%20" + perMarker)
            .user(GP, "").bearer(token(GP_ID)).run();
        MailCurl.Result ward = MailCurl.imaps(caducee.server(), "/INBOX?SUBJECT%20" + wardMarker)
            .user(WARD, "").bearer(token(GP_ID)).run();

        assertThat(own.exit()).as(own.output()).isZero();
        assertThat(own.output()).contains("AUTHENTICATE OAUTHBEARER").contains("OK [CAPABILITY ")
            .contains("Logged in: " + GP).containsPattern("\\* SEARCH \\d+");
        assertThat(ward.exit()).as(ward.output()).isZero();
        assertThat(ward.output()).contains("Logged in: " + WARD).containsPattern("\\* SEARCH \\d+");
    }

    @Test
    @Order(3)
    void aTokenNamingNoBoxOpensTheProfessionalsPerBox() throws Exception {
        String marker = markedMessageIn(GP);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.command("AUTHENTICATE OAUTHBEARER " + oauthbearer(null, token(GP_ID))))
                .last().asString().contains("OK [CAPABILITY ").endsWith("Logged in: " + GP);
            imap.command("SELECT INBOX");
            assertThat(imap.command("SEARCH SUBJECT " + marker)).first().asString().matches("\\* SEARCH \\d+");
        }
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + xoauth2(null, token(GP_ID)))))
                .endsWith("Logged in: " + GP);
        }
        // Without a PER box, the ORG box must be named; named, it opens.
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 "
                + xoauth2(EMERGENCY, token(EMERGENCY_PHYSICIAN_ID))))).endsWith("Logged in: " + EMERGENCY);
        }
    }

    @Test
    @Order(4)
    void aTokenWithoutInitialResponseIsSentAfterTheContinuation() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("c1 AUTHENTICATE XOAUTH2\r\n");
            assertThat(imap.readLine()).isEqualTo("+ ");
            imap.writeRaw(xoauth2(WARD, token(GP_ID)) + "\r\n");
            assertThat(imap.readLine()).startsWith("c1 OK [CAPABILITY ").endsWith("Logged in: " + WARD);
            // The session goes on as the box's.
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
        }
    }

    @Test
    @Order(5)
    void curlSendsAsTheBoxItsTokenOpensOverSubmission() throws Exception {
        MailCurl.Result own = MailCurl.submission(caducee.server()).user(GP, "").bearer(token(GP_ID))
            .mail(GP, CARDIOLOGIST, "Avis cardiologique").run();
        MailCurl.Result ward = MailCurl.submissions(caducee.server()).user(WARD, "").bearer(token(GP_ID))
            .mail(WARD, CARDIOLOGIST, "Compte rendu du service").run();

        assertThat(own.exit()).as(own.output()).isZero();
        assertThat(own.output()).contains("AUTH OAUTHBEARER").contains("235 2.7.0");
        assertThat(ward.exit()).as(ward.output()).isZero();
        assertThat(ward.output()).contains("235 2.7.0 Authentication successful: " + WARD);
    }

    @Test
    @Order(6)
    void everyBadTokenIsRefusedWithItsRuleOnImapAndSmtp() throws Exception {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(xoauth2(GP, mint(provider.token(GP_ID).expired())), "psc-token-expired");
        refusals.put(xoauth2(GP, mint(provider.token(GP_ID).signedByAnotherKey())), "psc-token-signature");
        refusals.put(xoauth2(GP, mint(provider.token(GP_ID).unsigned())), "psc-token-malformed");
        refusals.put(xoauth2(GP, mint(provider.token(GP_ID).client("another-software").audience("account"))),
            "psc-token-audience");
        refusals.put(xoauth2(GP, mint(provider.token(GP_ID).acr("eidas0"))), "psc-token-level");
        refusals.put(xoauth2(null, token(OidcProvider.SAMPLE_IDNAT)), "login-no-box");
        refusals.put(xoauth2(CARDIOLOGIST, token(GP_ID)), "login-no-box");
        refusals.put(xoauth2(APP, token(GP_ID)), "login-no-box");
        refusals.put(xoauth2(null, token(EMERGENCY_PHYSICIAN_ID)), "login-no-box");
        refusals.put(base64("user=" + GP + "\u0001auth=Basic x\u0001\u0001"), "psc-token-malformed");

        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
                assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + refusal.getKey())))
                    .as(refusal.getValue()).startsWith("NO [AUTHENTICATIONFAILED] ")
                    .endsWith("(" + refusal.getValue() + ")");
                assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).doesNotStartWith("OK");
            }
            try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
                SmtpDialogue.Reply reply = smtp.send("AUTH XOAUTH2 " + refusal.getKey());
                assertThat(reply.code()).as(refusal.getValue()).isEqualTo(535);
                assertThat(reply.text()).startsWith("535 5.7.8 ").endsWith("(" + refusal.getValue() + ")");
                assertThat(smtp.send("MAIL FROM:<" + GP + ">").code()).isEqualTo(530);
            }
        }
    }

    @Test
    @Order(7)
    void aRefusedOauthbearerTokenGetsTheErrorChallengeFirst() throws Exception {
        String expired = oauthbearer(GP, mint(provider.token(GP_ID).expired()));
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("c1 AUTHENTICATE OAUTHBEARER " + expired + "\r\n");
            String challenge = imap.readLine();
            assertThat(challenge).startsWith("+ ");
            assertThat(new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.US_ASCII))
                .isEqualTo("{\"status\":\"invalid_token\"}");
            imap.writeRaw("AQ==\r\n");
            assertThat(imap.readLine()).startsWith("c1 NO [AUTHENTICATIONFAILED] ").endsWith("(psc-token-expired)");
        }
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
            SmtpDialogue.Reply challenge = smtp.send("AUTH OAUTHBEARER " + oauthbearer(CARDIOLOGIST, token(GP_ID)));
            assertThat(challenge.code()).isEqualTo(334);
            assertThat(new String(Base64.getDecoder().decode(challenge.text().substring(4)), StandardCharsets.US_ASCII))
                .isEqualTo("{\"status\":\"insufficient_scope\"}");
            SmtpDialogue.Reply failure = smtp.send("AQ==");
            assertThat(failure.code()).isEqualTo(535);
            assertThat(failure.text()).endsWith("(login-no-box)");
        }
    }

    @Test
    @Order(8)
    void beforeTlsATokenIsRefusedAsEveryLogin() throws Exception {
        String response = xoauth2(GP, token(GP_ID));
        try (Socket socket = new Socket("127.0.0.1", caducee.server().ports().imap())) {
            socket.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write("c1 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).doesNotContain("OAUTHBEARER");
            assertThat(in.readLine()).startsWith("c1 OK");
            out.write(("c2 AUTHENTICATE XOAUTH2 " + response + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("c2 NO [PRIVACYREQUIRED]");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste.caducee.localhost");
            assertThat(smtp.send("AUTH XOAUTH2 " + response).code()).isEqualTo(530);
        }
    }

    @Test
    @Order(9)
    void everyLoginAndRefusalIsInTheAuditTrailWithoutTheToken() throws Exception {
        List<JsonNode> loggedIn = audit("LOGGED_IN");
        assertThat(loggedIn).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("psc-login");
            assertThat(record.path("via").asText()).isEqualTo("psc");
            assertThat(record.path("login").asText()).isEqualTo(WARD);
            assertThat(record.path("reason").asText()).startsWith("imap OAUTHBEARER: professional " + GP_ID)
                .endsWith("opened " + WARD);
        });
        assertThat(loggedIn).anySatisfy(record -> {
            assertThat(record.path("via").asText()).isEqualTo("psc");
            assertThat(record.path("reason").asText()).startsWith("submission OAUTHBEARER: professional " + GP_ID);
        });
        List<JsonNode> refused = audit("REFUSED");
        for (String rule : List.of("psc-token-expired", "psc-token-signature", "psc-token-malformed",
                "psc-token-audience", "psc-token-level", "login-no-box")) {
            assertThat(refused).as(rule).anySatisfy(record -> {
                assertThat(record.path("rule").asText()).isEqualTo(rule);
                assertThat(record.path("via").asText()).isEqualTo("psc");
            });
        }
        assertThat(refused).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("login-no-box");
            assertThat(record.path("reason").asText()).contains(OidcProvider.SAMPLE_IDNAT);
        });
        String trail = new TestClients.WebAdmin(caducee.server()).get("/audit?limit=100000").body();
        for (String token : tokensUsed) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(trail).doesNotContain(token.substring(0, token.lastIndexOf('.')));
            if (!signature.isEmpty()) {
                assertThat(trail).doesNotContain(signature);
            }
        }
    }

    @Test
    @Order(10)
    void theProviderOutOfReachMakesTheLoginUnavailableUntilItIsBack() throws Exception {
        provider.stop();
        provider.rotateKey();
        try {
            Thread.sleep(2_500);
            String response = xoauth2(GP, token(GP_ID));
            try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
                assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + response)))
                    .startsWith("NO [UNAVAILABLE] ").endsWith("(login-unavailable)");
            }
            try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
                SmtpDialogue.Reply reply = smtp.send("AUTH XOAUTH2 " + response);
                assertThat(reply.code()).isEqualTo(454);
                assertThat(reply.text()).startsWith("454 4.7.0 ").endsWith("(login-unavailable)");
            }
        } finally {
            provider.restart();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
                assertThat(ImapDialogue.status(imap.command("AUTHENTICATE XOAUTH2 " + xoauth2(GP, token(GP_ID)))))
                    .startsWith("OK");
            }
        });
        assertThat(audit("REFUSED")).anySatisfy(record ->
            assertThat(record.path("rule").asText()).isEqualTo("login-unavailable"));
    }

    static List<JsonNode> audit(String decision) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=" + decision
            + "&limit=100000").body()).forEach(records::add);
        return records;
    }
}
