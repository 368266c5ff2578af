package fr.caducee.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import javax.mail.Session;
import javax.net.ssl.SSLContext;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.trust.admin.AdminToken;
import fr.caducee.trust.admin.OperatorKey;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.Pem;

/** What a mail client, a peer operator and an administrator use to talk to a test server. */
public final class TestClients {
    private TestClients() {
    }

    /** A client that trusts the server's development root and presents no certificate. */
    public static SSLContext trustingServer(CaduceeProcess server) throws Exception {
        return ClientTls.trusting(server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE));
    }

    /** A peer operator presenting the given certificate. */
    public static SSLContext peer(CaduceeProcess server, IssuedCertificate certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("peer", certificate.privateKey(), new char[0],
            certificate.chain().toArray(new X509Certificate[0]));
        return ClientTls.presenting(keys, new char[0],
            Pem.readCertificate(server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE)));
    }

    /** The peer-operator certificate the development PKI issued. */
    public static SSLContext devPeerOperator(CaduceeProcess server) throws Exception {
        Path pki = server.pkiDir();
        return ClientTls.presenting(pki.resolve(DevPki.PEER_KEYSTORE_FILE), pki.resolve(DevPki.SECRET_FILE),
            pki.resolve(DevPki.ROOT_CERTIFICATE_FILE));
    }

    /**
     * A JavaMail session as a professional's mail client would configure it: submission with STARTTLS required and
     * AUTH, IMAPS, both checking the server's certificate and host name.
     */
    public static Session mailClient(CaduceeProcess server) throws Exception {
        SSLContext tls = trustingServer(server);
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(server.ports().submission()));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "60000");
        properties.put("mail.imaps.host", "localhost");
        properties.put("mail.imaps.port", String.valueOf(server.ports().imaps()));
        properties.put("mail.imaps.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "60000");
        return Session.getInstance(properties);
    }

    /** What the server sends on a plain socket until it closes it, or until it has been silent for the timeout. */
    public static String readUntilClosed(java.net.Socket socket) throws IOException {
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException closedOrSilent) {
            // silence or a reset: nothing more will come
        }
        return received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * The administrator's side: WebAdmin over HTTP on loopback, each request with a token signed by the operator key
     * of the server's data folder, as scripts/directory does.
     */
    public static final class WebAdmin {
        private final HttpClient http = HttpClient.newHttpClient();
        private final int port;
        private final Supplier<Optional<String>> tokens;

        public WebAdmin(CaduceeProcess server) {
            this(server.ports().webAdmin(), () -> Optional.of(token(server, Duration.ofMinutes(5))));
        }

        private WebAdmin(int port, Supplier<Optional<String>> tokens) {
            this.port = port;
            this.tokens = tokens;
        }

        /** A client that sends no token at all. */
        public static WebAdmin withoutToken(CaduceeProcess server) {
            return new WebAdmin(server.ports().webAdmin(), Optional::empty);
        }

        /** A client that sends this token on every request. */
        public static WebAdmin withToken(CaduceeProcess server, String token) {
            return new WebAdmin(server.ports().webAdmin(), () -> Optional.of(token));
        }

        /** A token signed with the server's operator key, as scripts/directory mints one. */
        public static String token(CaduceeProcess server, Duration lifetime) {
            try {
                return AdminToken.mint(OperatorKey.readPrivateKey(server.dataDir()), "it", Instant.now(), lifetime);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void addDomain(String domain) throws IOException, InterruptedException {
            expect(204, put("/domains/" + domain, ""));
        }

        /**
         * Registers a box with its password: a patient's box for {@code <INS>@patient.<domain>}, otherwise a
         * professional (idNat derived from the address) and their nominative (PER) box.
         */
        public void addBox(String address, String password) throws IOException, InterruptedException {
            String localPart = address.substring(0, address.indexOf('@'));
            String domain = address.substring(address.indexOf('@') + 1);
            if (domain.startsWith("patient.")) {
                expect(201, put("/directory/patients/" + localPart, "{\"lastName\":\"Patient\",\"domain\":\""
                    + domain.substring("patient.".length()) + "\"}"));
                expect(204, put("/directory/patients/" + localPart + "/password", "{\"password\":\"" + password + "\"}"));
                return;
            }
            String idNat = idNatFor(address);
            expect(201, put("/directory/professionals/" + idNat, "{\"lastName\":\"" + localPart + "\"}"));
            expect(201, put("/directory/boxes/" + address, "{\"type\":\"PER\",\"professional\":\"" + idNat + "\"}"));
            expect(204, put("/directory/boxes/" + address + "/password", "{\"password\":\"" + password + "\"}"));
        }

        public HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
            return send("PUT", path, HttpRequest.BodyPublishers.ofString(body), "application/json");
        }

        public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return send("POST", path, HttpRequest.BodyPublishers.ofString(body), "application/json");
        }

        public HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
            return send("PATCH", path, HttpRequest.BodyPublishers.ofString(body), "application/json");
        }

        public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
            return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), "application/json");
        }

        public HttpResponse<String> postFile(String path, Path file) throws IOException, InterruptedException {
            return send("POST", path, HttpRequest.BodyPublishers.ofFile(file), "text/plain; charset=utf-8");
        }

        public HttpResponse<String> get(String path) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
            tokens.get().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String contentType)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body)
                .header("Content-Type", contentType);
            tokens.get().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A valid RPPS idNat (8 + 10 digits + Luhn key) derived from the address, stable across runs. */
        public static String idNatFor(String address) {
            String payload = String.format("%010d", Math.floorMod((long) address.hashCode(), 10_000_000_000L));
            return IdNat.parse("8" + Luhn.withCheckDigit(payload)).value();
        }

        public static void expect(int status, HttpResponse<String> response) {
            if (response.statusCode() != status) {
                throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode()
                    + ": " + response.body());
            }
        }
    }
}
