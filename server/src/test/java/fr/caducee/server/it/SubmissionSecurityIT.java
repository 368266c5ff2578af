package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.Pem;

/** Submission: encrypted first, then authenticated, and only with current TLS versions. */
class SubmissionSecurityIT {
    static final String DOMAIN = "cabinet.localhost";
    static final String DOCTOR = "dr.durand@" + DOMAIN;
    static final String PASSWORD = "pass-durand-2026";
    static final String COLLEAGUE = "dr.lefebvre@" + DOMAIN;

    static {
        // This JVM must be able to *offer* TLS 1.1 for the server's refusal of it to be tested; the JDK's default
        // policy would otherwise refuse it on the client side first. The policy is read once, when TLS is first
        // used in the JVM (the extension's HTTP client does), hence a static initializer ahead of everything.
        // The server runs in its own JVM, untouched.
        Security.setProperty("jdk.tls.disabledAlgorithms", "SSLv3, RC4, DES, NULL, anon");
    }

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, "pass-colleague-2026");

    @Test
    void authIsOfferedOnlyAfterStartTls() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            SmtpDialogue.Reply clear = smtp.send("EHLO poste-1.cabinet.localhost");
            assertThat(clear.hasKeyword("STARTTLS")).as(clear.text()).isTrue();
            assertThat(clear.hasKeyword("AUTH")).as(clear.text()).isFalse();

            smtp.startTls(TestClients.trustingServer(caducee.server()));
            SmtpDialogue.Reply secured = smtp.send("EHLO poste-1.cabinet.localhost");
            assertThat(secured.hasKeyword("AUTH")).as(secured.text()).isTrue();
        }
    }

    /**
     * RFC 5321 4.2: the greeting starts with the server's name, and replies are ASCII (James wrote the configured
     * {@code Caducée MX} alone); 4.1.1.1: the EHLO and HELO lines end with the client's address in brackets (James
     * added a stray {@code )}). Read as bytes, on the MX and submission listeners.
     */
    @Test
    void theGreetingAndTheEhloAndHeloLinesAreAsciiAndWrittenAsRfc5321Does() throws Exception {
        Map<Integer, String> listeners = Map.of(caducee.server().ports().submission(), "Caducee submission",
            caducee.server().ports().mx(), "Caducee MX");
        for (Map.Entry<Integer, String> listener : listeners.entrySet()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", listener.getKey()), 5_000);
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                String greeting = asciiLine(in);
                assertThat(greeting).matches("220 [A-Za-z0-9.-]+ ESMTP " + listener.getValue() + "\r\n");
                String host = greeting.split(" ")[1];

                socket.getOutputStream().write("EHLO poste-1.cabinet.localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                List<String> ehlo = new ArrayList<>(List.of(asciiLine(in)));
                while (ehlo.get(ehlo.size() - 1).startsWith("250-")) {
                    ehlo.add(asciiLine(in));
                }
                assertThat(ehlo.get(0)).isEqualTo("250-" + host + " Hello poste-1.cabinet.localhost [127.0.0.1]\r\n");

                socket.getOutputStream().write("HELO poste-1.cabinet.localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(asciiLine(in)).isEqualTo("250 " + host + " Hello poste-1.cabinet.localhost [127.0.0.1]\r\n");
            }
        }
    }

    /** RFC 3207 4: STARTTLS takes no parameter, a syntax error answered 501; James answered 451 and disconnected. */
    @Test
    void starttlsWithAParameterIsASyntaxErrorAndTheSessionGoesOn() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste-1.cabinet.localhost");

            SmtpDialogue.Reply extra = smtp.send("STARTTLS extra");
            assertThat(extra.code()).as(extra.text()).isEqualTo(501);
            assertThat(extra.text()).startsWith("501 5.5.4 ");

            assertThat(smtp.startTls(TestClients.trustingServer(caducee.server())).code()).isEqualTo(220);
            assertThat(smtp.send("EHLO poste-1.cabinet.localhost").hasKeyword("AUTH")).isTrue();
        }
    }

    /** One reply line as the server wrote it, CRLF included, failing on any byte outside ASCII. */
    private static String asciiLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            assertThat(b).as("a byte of the reply %s", line.toString(StandardCharsets.ISO_8859_1)).isLessThan(0x80);
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void validCredentialsSentInClearAreRefusedAndNothingIsAccepted() throws Exception {
        String marker = java.util.UUID.randomUUID().toString();
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            smtp.send("EHLO poste-1.cabinet.localhost");
            SmtpDialogue.Reply plain = smtp.send("AUTH PLAIN " + plain(DOCTOR, PASSWORD));
            assertThat(plain.code()).as(plain.text()).isEqualTo(530);
            assertThat(plain.text()).contains("5.7.0 Must issue a STARTTLS command first");
            // AUTH LOGIN: refused at the command, before the server asks for the user name.
            SmtpDialogue.Reply login = smtp.send("AUTH LOGIN");
            assertThat(login.code()).as(login.text()).isEqualTo(530);

            // Still not logged in: no transaction starts, nothing can be sent.
            SmtpDialogue.Reply mail = smtp.send("MAIL FROM:<" + DOCTOR + ">");
            assertThat(mail.code()).as(mail.text()).isEqualTo(530);
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUE + ">").code()).isBetween(500, 599);
            assertThat(smtp.send("DATA").code()).isBetween(500, 599);
            smtp.write("Subject: In clear " + marker);
            smtp.write("");
            smtp.write("Never to arrive.");
            smtp.send(".");
        }
        assertThat(refusals()).contains("\"rule\":\"auth-requires-tls\"");
        // A message sent properly afterwards arrives; nothing of the clear-text session does.
        MailClient client = new MailClient(caducee.server());
        client.send(DOCTOR, PASSWORD, COLLEAGUE, "Over TLS " + marker, "Sent properly.");
        client.awaitDelivered(COLLEAGUE, "pass-colleague-2026", "Over TLS " + marker);
        assertThat(client.inbox(COLLEAGUE, "pass-colleague-2026", "In clear " + marker)).isEmpty();
    }

    @Test
    void authInClearIsRefusedOnTheMxToo() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().mx())) {
            smtp.send("EHLO mx.operateur.localhost");
            SmtpDialogue.Reply reply = smtp.send("AUTH PLAIN " + plain(DOCTOR, PASSWORD));
            assertThat(reply.code()).as(reply.text()).isEqualTo(530);
            assertThat(reply.text()).contains("5.7.0 Must issue a STARTTLS command first");
        }
    }

    @Test
    void theImplicitTlsPortTakesNoCredentialInClear() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", caducee.server().ports().submissions()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("EHLO poste-1.cabinet.localhost\r\nAUTH PLAIN " + plain(DOCTOR, PASSWORD)
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // No greeting and no answer: the server waits for a TLS handshake, and drops what is not one.
            String answer = TestClients.readUntilClosed(socket);
            assertThat(answer).doesNotContain("220").doesNotContain("235");
        }
    }

    @Test
    void wrongPasswordIsRefusedWith535AndEnhancedCode578() throws Exception {
        try (SmtpDialogue smtp = securedSubmission()) {
            SmtpDialogue.Reply reply = smtp.send("AUTH PLAIN " + plain(DOCTOR, "not-the-password"));
            assertThat(reply.code()).isEqualTo(535);
            assertThat(reply.text()).contains("5.7.8");
        }
    }

    @Test
    void transactionWithoutAuthenticationIsRefusedEvenForALocalBox() throws Exception {
        try (SmtpDialogue smtp = securedSubmission()) {
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + DOCTOR + ">");
            assertThat(reply.code()).isEqualTo(530);
            assertThat(reply.text()).contains("5.7.0").contains("log in");
        }
    }

    @Test
    void authenticatedSubmissionOverImplicitTlsIsAccepted() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connectTls(caducee.server().ports().submissions(), TestClients.trustingServer(caducee.server()))) {
            assertThat(smtp.greeting().code()).isEqualTo(220);
            assertThat(smtp.send("EHLO poste-1.cabinet.localhost").hasKeyword("AUTH")).isTrue();
            assertThat(smtp.send("AUTH PLAIN " + plain(DOCTOR, PASSWORD)).code()).isEqualTo(235);
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + DOCTOR + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void sendingAsAColleaguesBoxInMailFromIsRefused() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + COLLEAGUE + ">");
            assertThat(reply.code()).isBetween(500, 599);
            assertThat(reply.text()).contains("5.7.1");
        }
    }

    @Test
    void forgedFromHeaderIsRefusedAtTheEndOfDataAndNothingIsDelivered() throws Exception {
        String marker = java.util.UUID.randomUUID().toString();
        String subject = "Forged " + marker;
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUE + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + COLLEAGUE);
            smtp.write("To: " + COLLEAGUE);
            smtp.write("Subject: " + subject);
            smtp.write("");
            smtp.write("Signed with a colleague's name.");
            SmtpDialogue.Reply reply = smtp.send(".");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("is not a box you may write as");
        }
        // A message sent correctly afterwards arrives, the forged one never does.
        MailClient client = new MailClient(caducee.server());
        client.send(DOCTOR, PASSWORD, COLLEAGUE, "Genuine " + marker, "Signed with my own name.");
        client.awaitDelivered(COLLEAGUE, "pass-colleague-2026", "Genuine " + marker);
        assertThat(client.inbox(COLLEAGUE, "pass-colleague-2026", subject)).isEmpty();
    }

    @Test
    void messageFromAnOrdinaryClientLeavesWithTheServersSoftwareReference() throws Exception {
        String subject = "Sans référence " + java.util.UUID.randomUUID();
        MailClient client = new MailClient(caducee.server());
        client.send(DOCTOR, PASSWORD, COLLEAGUE, subject, "No X-MSS-NIL set by this client.");
        client.awaitDelivered(COLLEAGUE, "pass-colleague-2026", subject);

        assertThat(client.header(COLLEAGUE, "pass-colleague-2026", subject, "X-MSS-NIL")).containsExactly("Caducee/0.1");
    }

    @Test
    void tls11HandshakeIsRefusedByTheServer() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("root", Pem.readCertificate(caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE)));
        trust.init(roots);
        context.init(null, trust.getTrustManagers(), null);

        for (int port : new int[] {caducee.server().ports().submissions(), caducee.server().ports().imaps()}) {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.setEnabledProtocols(new String[] {"TLSv1.1"});
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(10_000);
                // The alert must come from the server: a client-side refusal would say "No appropriate protocol".
                assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("Received fatal alert");
            }
        }
    }

    @Test
    void onlyForwardSecretAeadSuitesAreNegotiated() throws Exception {
        SSLContext context = TestClients.trustingServer(caducee.server());
        for (int port : new int[] {caducee.server().ports().submissions(), caducee.server().ports().imaps()}) {
            // Control: TLS 1.2 with a strong suite works, so a refusal below is about the suite, not the protocol.
            try (SSLSocket strong = tls12(context, port, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
                strong.startHandshake();
                assertThat(strong.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
            try (SSLSocket weak = tls12(context, port, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")) {
                assertThatThrownBy(weak::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("Received fatal alert");
            }
        }
    }

    private static SSLSocket tls12(SSLContext context, int port, String... suites) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.setEnabledCipherSuites(suites);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String refusals() throws Exception {
        return new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED&limit=100000").body();
    }

    private static SmtpDialogue securedSubmission() throws Exception {
        return SmtpDialogue.securedSubmission(caducee.server());
    }

    private static String plain(String login, String password) {
        return SmtpDialogue.plain(login, password);
    }
}
