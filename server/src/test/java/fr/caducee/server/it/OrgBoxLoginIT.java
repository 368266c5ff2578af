package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * An ORG box opened by its member with their own password from a client that cannot send an authorisation identity
 * (Thunderbird, Outlook, curl): the login {@code box*member}, over IMAP LOGIN and AUTHENTICATE PLAIN and SMTP AUTH
 * PLAIN and LOGIN, against the packaged server and its demo boxes. The session is the ORG box's; a non-member or a
 * wrong password is refused {@code delegated-login-refused}; all of it audited; none of it before TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrgBoxLoginIT {
    static final String DOMAIN = "caducee.localhost";
    /** The cardiology ward: Sophie Bernard responsible and member, Claire Martin member. */
    static final String WARD = "cardiologie@" + DOMAIN;
    static final String MEMBER = "dr.martin@" + DOMAIN;
    static final String CARDIOLOGIST = "pr.bernard@" + DOMAIN;
    static final String PHARMACIST = "pharmacie.centrale@" + DOMAIN;
    static final String WARD_BY_MEMBER = WARD + "*" + MEMBER;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension();

    static String password(String box) throws Exception {
        return caducee.server().demoAccounts().get(box);
    }

    /** A message with a subject of its own in the ward's INBOX, put there with the ward's own password. */
    static String markedMessageInTheWard() throws Exception {
        String marker = "org" + UUID.randomUUID().toString().substring(0, 8);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(WARD, password(WARD))).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("INBOX", "From: " + CARDIOLOGIST + "\r\nTo: " + WARD
                + "\r\nSubject: " + marker + "\r\n\r\nPatient de la chambre 12.\r\n"))).startsWith("OK");
        }
        return marker;
    }

    static String plain(String authorizationId, String login, String password) {
        return Base64.getEncoder().encodeToString((authorizationId + "\0" + login + "\0" + password)
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void curlOpensTheWardWithTheMembersLogin() throws Exception {
        String marker = markedMessageInTheWard();

        MailCurl.Result curl = MailCurl.imaps(caducee.server(), "/INBOX?SUBJECT%20" + marker)
            .user(WARD_BY_MEMBER, password(MEMBER)).run();

        assertThat(curl.exit()).as(curl.output()).isZero();
        assertThat(curl.output()).contains("AUTHENTICATE PLAIN").contains("Logged in: " + WARD)
            .containsPattern("\\* SEARCH \\d+");
    }

    @Test
    @Order(2)
    void aThunderbirdLikeLoginSelectsTheWardsInbox() throws Exception {
        String marker = markedMessageInTheWard();
        // IMAP LOGIN with the login quoted, as Thunderbird sends it (curl 7.88 cannot be made to use LOGIN here).
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            String status = imap.login(WARD_BY_MEMBER, password(MEMBER));
            assertThat(status).startsWith("OK [CAPABILITY ").endsWith("Logged in: " + WARD);
            assertThat(imap.command("SELECT INBOX")).anyMatch(line -> line.matches("\\* [1-9]\\d* EXISTS"));
            assertThat(imap.command("SEARCH SUBJECT " + marker).get(0)).matches("\\* SEARCH \\d+");
        }
        // PLAIN on its own line, after the continuation, as clients without SASL-IR send it.
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("p1 AUTHENTICATE PLAIN\r\n");
            assertThat(imap.readLine()).isEqualTo("+ ");
            imap.writeRaw(plain("", WARD_BY_MEMBER, password(MEMBER)) + "\r\n");
            assertThat(imap.readLine()).startsWith("p1 OK [CAPABILITY ").endsWith("Logged in: " + WARD);
        }
        // An ordinary login on its own line still goes to the password check.
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("p2 AUTHENTICATE PLAIN\r\n");
            assertThat(imap.readLine()).isEqualTo("+ ");
            imap.writeRaw(plain("", MEMBER, password(MEMBER)) + "\r\n");
            assertThat(imap.readLine()).startsWith("p2 OK");
        }
    }

    @Test
    @Order(3)
    void curlSendsAsTheWardOverSubmission() throws Exception {
        MailCurl.Result plain = MailCurl.submission(caducee.server()).user(WARD_BY_MEMBER, password(MEMBER))
            .mail(WARD, CARDIOLOGIST, "Sortie du patient de la chambre 12").run();
        MailCurl.Result login = MailCurl.submissions(caducee.server()).option("--login-options", "AUTH=LOGIN")
            .user(WARD_BY_MEMBER, password(MEMBER)).mail(WARD, CARDIOLOGIST, "Lettre de liaison").run();

        assertThat(plain.exit()).as(plain.output()).isZero();
        assertThat(plain.output()).contains("AUTH PLAIN").contains("235 2.7.0 Authentication successful: " + WARD);
        assertThat(login.exit()).as(login.output()).isZero();
        assertThat(login.output()).contains("AUTH LOGIN").contains("235 2.7.0");
    }

    @Test
    @Order(4)
    void theSessionIsTheWardsNotTheMembers() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
            assertThat(smtp.send("AUTH PLAIN " + plain("", WARD_BY_MEMBER, password(MEMBER))).code()).isEqualTo(235);
            assertThat(smtp.send("MAIL FROM:<" + WARD + ">").code()).isEqualTo(250);
            smtp.send("RSET");
            assertThat(smtp.send("MAIL FROM:<" + MEMBER + ">").code()).isEqualTo(550);
        }
    }

    @Test
    @Order(5)
    void aNonMemberOrAWrongPasswordIsRefused() throws Exception {
        List<String[]> refused = List.of(
            new String[] {WARD + "*" + PHARMACIST, password(PHARMACIST)},
            new String[] {WARD_BY_MEMBER, "not the member's password"},
            new String[] {CARDIOLOGIST + "*" + MEMBER, password(MEMBER)});
        for (String[] login : refused) {
            try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
                assertThat(imap.login(login[0], login[1])).as(login[0])
                    .startsWith("NO [AUTHENTICATIONFAILED] ").endsWith("(delegated-login-refused)");
                assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).doesNotStartWith("OK");
            }
            try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(caducee.server())) {
                SmtpDialogue.Reply reply = smtp.send("AUTH PLAIN " + plain("", login[0], login[1]));
                assertThat(reply.code()).as(login[0]).isEqualTo(535);
                assertThat(reply.text()).startsWith("535 5.7.8 ").endsWith("(delegated-login-refused)");
            }
        }
    }

    @Test
    @Order(6)
    void theThirdRefusalClosesTheImapConnection() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(WARD_BY_MEMBER, "wrong 1")).startsWith("NO");
            assertThat(imap.login(WARD_BY_MEMBER, "wrong 2")).startsWith("NO");
            imap.writeRaw("z3 LOGIN \"" + WARD_BY_MEMBER + "\" \"wrong 3\"\r\n");
            assertThat(imap.readLine()).startsWith("z3 NO [AUTHENTICATIONFAILED]");
            assertThat(imap.readLine()).startsWith("* BYE");
        }
    }

    @Test
    @Order(7)
    void beforeTlsTheLoginIsRefusedAsEveryOther() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", caducee.server().ports().imap())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write(("c1 LOGIN \"" + WARD_BY_MEMBER + "\" \"" + password(MEMBER) + "\"\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("c1 NO [PRIVACYREQUIRED]");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste.caducee.localhost");
            assertThat(smtp.send("AUTH PLAIN " + plain("", WARD_BY_MEMBER, password(MEMBER))).code()).isEqualTo(530);
        }
    }

    @Test
    @Order(8)
    void everyDelegatedLoginAndRefusalIsInTheAuditTrail() throws Exception {
        assertThat(audit("LOGGED_IN")).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("delegated-login");
            assertThat(record.path("via").asText()).isEqualTo("delegation");
            assertThat(record.path("login").asText()).isEqualTo(WARD);
            assertThat(record.path("reason").asText()).isEqualTo("imap password: member " + MEMBER
                + " with their own password opened " + WARD);
        }).anySatisfy(record -> assertThat(record.path("reason").asText()).startsWith("submission password: member "
            + MEMBER));
        assertThat(audit("REFUSED")).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("delegated-login-refused");
            assertThat(record.path("via").asText()).isEqualTo("delegation");
            assertThat(record.path("reason").asText()).contains("member " + PHARMACIST);
        });
        String trail = new TestClients.WebAdmin(caducee.server()).get("/audit?limit=100000").body();
        assertThat(trail).doesNotContain(password(MEMBER)).doesNotContain("not the member's password");
    }

    static List<JsonNode> audit(String decision) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=" + decision
            + "&limit=100000").body()).forEach(records::add);
        return records;
    }
}
