package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

import org.apache.commons.codec.binary.Base32;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;

/**
 * The patients' webmail as the server serves it: its own HTTPS listener, with the server's certificate, TLS 1.2 and
 * 1.3 only, no client certificate asked for; and, once the webmail's pages are there, a patient who logs in with
 * their second factor and replies, the reply going through the submission chain to the professional's IMAP box, and
 * a recipient added to the form refused by that chain. Spoken with java.net.http over real TLS, no browser (the
 * browser tests do that).
 */
class WebmailServerIT {
    static final String DOMAIN = "hopital-webmail.localhost";
    static final String GP = "dr.lefebvre@" + DOMAIN;
    static final String CARDIOLOGIST = "dr.moreau@" + DOMAIN;
    static final String PATIENT = "269029912345614@patient." + DOMAIN;
    static final String PASSWORD = "mot de passe du webmail 2026";

    static {
        // This JVM must be able to offer TLS 1.1 for the server's refusal of it to be seen (SubmissionSecurityIT
        // says why); the server runs in its own JVM, untouched.
        Security.setProperty("jdk.tls.disabledAlgorithms", "SSLv3, RC4, DES, NULL, anon");
    }

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(GP, PASSWORD)
        .withBox(CARDIOLOGIST, PASSWORD)
        .withBox(PATIENT, PASSWORD);

    @Test
    void theWebmailAnswersOverHttpsWithTheServersOwnCertificate() throws Exception {
        HttpResponse<String> answer = https().send(get("/connexion"), HttpResponse.BodyHandlers.ofString());

        Certificate presented = answer.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(presented).isEqualTo(submissionsCertificate());
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
        assertThat(answer.headers().firstValue("Server")).isEmpty();
        assertThat(answer.headers().firstValue("X-Powered-By")).isEmpty();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at fr.").doesNotContain("Jetty");
    }

    @Test
    void onlyTls12And13WithForwardSecretSuitesAreNegotiated() throws Exception {
        SSLContext context = TestClients.trustingServer(caducee.server());
        try (SSLSocket tls13 = socket(context, "TLSv1.3")) {
            tls13.startHandshake();
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (SSLSocket strong = socket(context, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            strong.startHandshake();
            assertThat(strong.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
        try (SSLSocket weak = socket(context, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
            assertThatThrownBy(weak::startHandshake).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Received fatal alert");
        }
        try (SSLSocket old = socket(context, "TLSv1.1")) {
            // The alert must come from the server: a client-side refusal would say "No appropriate protocol".
            assertThatThrownBy(old::startHandshake).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Received fatal alert");
        }
    }

    @Test
    void noClientCertificateIsAskedForSoThatNoBrowserOffersToChooseOne() throws Exception {
        AtomicBoolean asked = new AtomicBoolean();
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore());
        context.init(new KeyManager[] {new AskedKeyManager(asked)}, trust.getTrustManagers(), null);
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (SSLSocket socket = socket(context, protocol)) {
                socket.startHandshake();
                socket.getOutputStream().write("GET /connexion HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(TestClients.readUntilClosed(socket)).startsWith("HTTP/1.1 ");
            }
        }
        assertThat(asked).as("the server sent a CertificateRequest").isFalse();
    }

    @Test
    void aRequestInClearGetsNoHttpAnswer() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", caducee.server().ports().webmail())) {
            plain.setSoTimeout(5000);
            OutputStream out = plain.getOutputStream();
            out.write("POST /connexion HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(TestClients.readUntilClosed(plain)).doesNotContain("HTTP/1.1");
        }
    }

    /**
     * A professional writes over SMTP; the patient logs in (password, then enrolment of an authenticator app), opens
     * the conversation and replies; the professional reads the reply over IMAP: it went through the submission
     * chain, logged in with a ticket. Then a recipient added to the form is refused by that chain, with its rule.
     * Runs once the webmail's pages and login are in the build.
     */
    @Test
    void aPatientRepliesFromTheWebmailThroughTheSubmissionChainAndAnAddedRecipientIsRefused() throws Exception {
        assumeTrue(webmailPagesPresent(), "the webmail's login and pages are not in this build yet");
        String subject = "Résultats " + UUID.randomUUID();
        MailClient mail = new MailClient(caducee.server());
        mail.send(GP, PASSWORD, PATIENT, subject, "Vos résultats sont normaux.");
        mail.awaitDelivered(PATIENT, PASSWORD, subject);
        Browserless patient = new Browserless();
        patient.logIn(PATIENT, PASSWORD);

        Document list = patient.page("/conversations");
        Element link = list.select("a[href^=/conversations/]").stream()
            .filter(a -> a.text().contains(subject) || a.parents().text().contains(subject)).findFirst().orElseThrow();
        String conversation = link.attr("href");
        Document page = patient.page(conversation);
        Element form = page.select("form[action$=/reponse]").first();
        assertThat(form).as("the reply form of " + conversation).isNotNull();
        List<String> to = form.select("input[name=to]").eachAttr("value");
        assertThat(to).containsExactly(GP);

        HttpResponse<String> sent = patient.postMultipart(form.attr("action"),
            List.of(Map.entry("csrf", patient.csrf(form)), Map.entry("to", GP), Map.entry("texte", "Merci docteur.")));
        assertThat(sent.statusCode()).as(sent.body()).isIn(200, 303);
        mail.awaitDelivered(GP, PASSWORD, "Re: " + subject);

        HttpResponse<String> refused = patient.postMultipart(form.attr("action"), List.of(
            Map.entry("csrf", patient.csrf(patient.page(conversation).select("form[action$=/reponse]").first())),
            Map.entry("to", GP), Map.entry("to", CARDIOLOGIST), Map.entry("texte", "Et au cardiologue aussi.")));
        assertThat(refused.body()).as("the chain refuses a recipient who never wrote to the patient").contains("patient-first-contact");
        assertThat(mail.inbox(CARDIOLOGIST, PASSWORD, "Re: " + subject)).isEmpty();
    }

    /** The webmail core (its handler) is part of this build: its pages answer. */
    private static boolean webmailPagesPresent() {
        try {
            Class.forName("fr.caducee.webmail.WebmailHandler");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static HttpClient https() throws Exception {
        return HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** A path, or a Location as the server wrote it (absolute or not). */
    private static URI uri(String path) {
        return URI.create("https://localhost:" + caducee.server().ports().webmail() + "/").resolve(path);
    }

    private static Certificate submissionsCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) TestClients.trustingServer(caducee.server()).getSocketFactory()
                .createSocket("localhost", caducee.server().ports().submissions())) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    /** The server's own certificate, as the submissions listener presents it. */
    private static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("server", submissionsCertificate());
        return store;
    }

    private static SSLSocket socket(SSLContext context, String protocol, String... suites) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.setEnabledProtocols(new String[] {protocol});
        if (suites.length > 0) {
            socket.setEnabledCipherSuites(suites);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", caducee.server().ports().webmail()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A client key manager that only notes whether the server asked for a certificate. */
    private static final class AskedKeyManager implements X509KeyManager {
        private final AtomicBoolean asked;

        AskedKeyManager(AtomicBoolean asked) {
            this.asked = asked;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            asked.set(true);
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            asked.set(true);
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }

    /** The webmail's forms spoken over HTTP as a browser would post them, its session cookie kept. */
    private static final class Browserless {
        private final HttpClient client;

        Browserless() throws Exception {
            client = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        }

        /** Password, then the second factor: enrolment at the first login (the secret read from the page). */
        void logIn(String address, String password) throws Exception {
            Document login = page("/connexion");
            HttpResponse<String> afterPassword = postForm("/connexion", List.of(Map.entry("csrf", csrf(login)),
                Map.entry("adresse", address), Map.entry("motdepasse", password)));
            assertThat(afterPassword.statusCode()).as(afterPassword.body()).isEqualTo(303);
            String next = afterPassword.headers().firstValue("Location").orElseThrow();
            Document enrolment = page(next);
            // The secret shown for manual entry: 20 bytes, 32 base32 characters, in groups.
            String secret = enrolment.getAllElements().stream().map(Element::ownText).map(String::strip)
                .filter(text -> text.matches("(?:[A-Z2-7]{4}[ \u00a0]?){7}[A-Z2-7]{4}")).findFirst().orElseThrow()
                .replaceAll("[ \u00a0]", "");
            HttpResponse<String> enrolled = postForm(next, List.of(Map.entry("csrf", csrf(enrolment)),
                Map.entry("code", totp(new Base32().decode(secret), Instant.now()))));
            assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(303);
            page(enrolled.headers().firstValue("Location").orElseThrow());
        }

        Document page(String path) throws Exception {
            HttpResponse<String> response = client.send(get(path), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return Jsoup.parse(response.body());
        }

        String csrf(Element page) {
            return page.select("input[name=csrf]").first().attr("value");
        }

        HttpResponse<String> postForm(String path, List<Map.Entry<String, String>> fields) throws Exception {
            String body = fields.stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postMultipart(String path, List<Map.Entry<String, String>> fields) throws Exception {
            String boundary = "----webmail" + UUID.randomUUID();
            List<byte[]> parts = new ArrayList<>();
            for (Map.Entry<String, String> field : fields) {
                parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer body = ByteBuffer.allocate(parts.stream().mapToInt(part -> part.length).sum());
            parts.forEach(body::put);
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        /** RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits. */
        private static String totp(byte[] secret, Instant at) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        }
    }
}
