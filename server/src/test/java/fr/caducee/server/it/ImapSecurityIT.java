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
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;

/**
 * IMAP: no password crosses the network in clear (LOGIN and AUTHENTICATE refused until TLS is up), and SEARCH finds
 * accented subjects (RFC 2047) by any substring.
 */
class ImapSecurityIT {
    static final String DOMAIN = "pharmacie.localhost";
    static final String PHARMACIST = "officine@" + DOMAIN;
    static final String PASSWORD = "pass-officine-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(PHARMACIST, PASSWORD);

    @Test
    void validCredentialsSentInClearAreRefusedWithPrivacyRequired() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", caducee.server().ports().imap())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");

            List<String> capability = command(in, out, "a1 CAPABILITY");
            assertThat(capability.get(0)).contains("STARTTLS").contains("LOGINDISABLED");

            List<String> login = command(in, out, "a2 LOGIN " + PHARMACIST + " " + PASSWORD);
            assertThat(last(login)).startsWith("a2 NO [PRIVACYREQUIRED] Must issue a STARTTLS command first");
            String credentials = Base64.getEncoder().encodeToString(
                ("\0" + PHARMACIST + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            List<String> authenticate = command(in, out, "a3 AUTHENTICATE PLAIN " + credentials);
            assertThat(last(authenticate)).startsWith("a3 NO [PRIVACYREQUIRED]");
            List<String> authenticateOther = command(in, out, "a4 AUTHENTICATE XOAUTH2");
            assertThat(last(authenticateOther)).startsWith("a4 NO [PRIVACYREQUIRED]");

            // Still not logged in: no mailbox can be opened.
            List<String> select = command(in, out, "a5 SELECT INBOX");
            assertThat(last(select)).matches("a5 (NO|BAD) .*");
        }
        String refused = new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED&limit=100000").body();
        assertThat(refused.split("\"rule\":\"imap-login-requires-tls\"", -1).length - 1).isGreaterThanOrEqualTo(3);
        assertThat(refused).doesNotContain(PASSWORD);
    }

    @Test
    void theImplicitTlsPortTakesNoCredentialInClear() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", caducee.server().ports().imaps())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("a1 LOGIN " + PHARMACIST + " " + PASSWORD + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // No greeting and no answer: the server waits for a TLS handshake, and drops what is not one.
            String answer = TestClients.readUntilClosed(socket);
            assertThat(answer).doesNotContain("OK");
        }
    }

    @Test
    void searchFindsAnAccentedSubjectByAnyPartOfItWithOrWithoutItsAccents() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        MailClient client = new MailClient(caducee.server());
        client.send(PHARMACIST, PASSWORD, PHARMACIST, "Ordonnance renouvelée pour Mme Lefèvre " + marker, "Bonjour");

        assertThat(client.awaitDelivered(PHARMACIST, PASSWORD, "renouvelée pour Mme Lefèvre " + marker)).hasSize(1);
        assertThat(client.inbox(PHARMACIST, PASSWORD, "Lefèvre " + marker)).hasSize(1);
        // Accents and case are folded on both sides (docs/ARCHITECTURE.md, "Search and sort").
        assertThat(client.inbox(PHARMACIST, PASSWORD, "LEFEVRE " + marker)).hasSize(1);
        assertThat(client.inbox(PHARMACIST, PASSWORD, "Lefebvre " + marker)).isEmpty();
    }

    @Test
    void demoBoxesCreatedOnFirstStartCanLogIn() throws Exception {
        Map<String, String> demo = caducee.server().demoAccounts();
        assertThat(demo).containsKeys("dr.martin@caducee.localhost", "146026322000196@patient.caducee.localhost");

        MailClient client = new MailClient(caducee.server());
        String password = demo.get("dr.martin@caducee.localhost");
        assertThat(client.inbox("dr.martin@caducee.localhost", password, "nothing yet")).isEmpty();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static List<String> command(BufferedReader in, OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String tag = line.substring(0, line.indexOf(' '));
        List<String> lines = new ArrayList<>();
        String reply;
        do {
            reply = in.readLine();
            lines.add(reply);
        } while (reply != null && !reply.startsWith(tag + " "));
        return lines;
    }
}
