package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.server.it.ServedCertificates.Listener;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * The server's certificate, its trust anchors and its revocation lists replaced on a running server: {@code caducee
 * reload}, then the next handshake on every listener shows the new certificate and trusts the new anchors, without a
 * restart; a broken keystore is refused with its reason and the certificate in force stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsReloadIT {
    @TempDir
    static Path folder;
    static Path anchors;
    static CaduceeProcess server;

    @BeforeAll
    static void start() throws Exception {
        // A trust-anchors folder of the test's own, which it adds to; the development root is trusted besides it.
        anchors = Files.createDirectories(folder.resolve("trust-anchors"));
        server = CaduceeProcess.start(folder.resolve("data"), Map.of("caducee.trustAnchors", anchors.toString()),
            "TlsReloadIT");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aNewKeystoreIsServedOnEveryListenerAfterTheReloadWithoutARestart() throws Exception {
        long pid = server.pid();
        Map<Listener, BigInteger> before = serials();
        assertThat(before.values()).as("every listener shows the same certificate").hasSize(Listener.values().length)
            .containsOnly(before.get(Listener.IMAPS));

        IssuedCertificate renewed = writeServerKeystore(Duration.ofDays(400));
        // Written, not yet reloaded: the listeners still show the certificate in force.
        assertThat(serials().get(Listener.IMAPS)).isEqualTo(before.get(Listener.IMAPS));
        CaduceeCommand reload = CaduceeCommand.reload(server);

        assertThat(reload.exitCode()).as(reload.output()).isZero();
        String serial = renewed.certificate().getSerialNumber().toString(16);
        assertThat(reload.output()).contains("Reloaded in").contains("serial " + serial)
            .contains(DevPki.SERVER_SUBJECT);
        Map<Listener, BigInteger> after = serials();
        assertThat(after.values()).hasSize(Listener.values().length)
            .containsOnly(renewed.certificate().getSerialNumber());
        assertThat(server.pid()).isEqualTo(pid);
        assertThat(server.isAlive()).isTrue();
        String audited = new TestClients.WebAdmin(server).get("/audit?decision=TLS_RELOADED&limit=100").body();
        assertThat(audited).contains("\"rule\":\"tls-reloaded\"").contains(serial);
    }

    @Test
    @Order(2)
    void aClientCertificateOfANewAnchorIsAcceptedOnTheMxAfterTheReloadAndNotBefore() throws Exception {
        CertificateAuthority hospitalCa = CertificateAuthority.createRoot("IGC de test ajoutée " + System.nanoTime(),
            Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(365)));
        IssuedCertificate peer = hospitalCa.issue(LeafRequest.builder("mx.nouvel-operateur.localhost")
            .dnsName("mx.nouvel-operateur.localhost").clientAuth(true).serverAuth(true)
            .validity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30))).build());
        SSLContext presenting = TestClients.peer(server, peer);
        Pem.writeCertificate(anchors.resolve("igc-ajoutee.pem"), hospitalCa.certificate());

        assertThat(ServedCertificates.smtpStartTls(server.ports().mx(), presenting).answered())
            .as("an anchor in the folder but not reloaded is not trusted").isFalse();

        CaduceeCommand reload = CaduceeCommand.reload(server);

        assertThat(reload.exitCode()).as(reload.output()).isZero();
        assertThat(reload.output()).contains("anchors      2").contains(hospitalCa.certificate().getSubjectX500Principal().getName());
        assertThat(ServedCertificates.smtpStartTls(server.ports().mx(), presenting).answered()).isTrue();
        // The development peer still gets in: the anchors were added to, not replaced.
        assertThat(ServedCertificates.smtpStartTls(server.ports().mx(), TestClients.devPeerOperator(server)).answered())
            .isTrue();
    }

    @Test
    @Order(3)
    void aBrokenKeystoreIsRefusedWithItsReasonAndTheCertificateInForceStays() throws Exception {
        Path keystore = server.pkiDir().resolve(DevPki.SERVER_KEYSTORE_FILE);
        byte[] good = Files.readAllBytes(keystore);
        BigInteger inForce = serials().get(Listener.IMAPS);
        try {
            Files.write(keystore, "not a PKCS12 keystore".getBytes());

            CaduceeCommand reload = CaduceeCommand.reload(server);
            HttpResponse<String> answer = new TestClients.WebAdmin(server).post("/tls/reload", "");

            assertThat(reload.exitCode()).as(reload.output()).isEqualTo(1);
            assertThat(reload.output()).contains("reload refused").contains("cannot be read with the keystore password")
                .contains(keystore.toString());
            assertThat(answer.statusCode()).isEqualTo(400);
            JsonNode json = new ObjectMapper().readTree(answer.body());
            assertThat(json.path("rule").asText()).isEqualTo("tls-reload-refused");
            assertThat(serials().values()).containsOnly(inForce);
            assertThat(new TestClients.WebAdmin(server).get("/audit?decision=REFUSED&limit=1000").body())
                .contains("\"rule\":\"tls-reload-refused\"");
        } finally {
            Files.write(keystore, good);
        }
    }

    /**
     * Measured (docs/BENCHMARKS.md, "Reload"): five reloads, each with a new keystore, while three clients handshake in
     * a loop on IMAPS, the API and submission with STARTTLS; every handshake must succeed and show either certificate.
     */
    @Test
    @Order(4)
    void reloadsUnderHandshakesFailNoneAndAreQuick() throws Exception {
        SSLContext client = trustingDevelopmentRoot();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger handshakes = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> loops = new ArrayList<>();
        for (Listener listener : List.of(Listener.IMAPS, Listener.API, Listener.SUBMISSION)) {
            Thread loop = new Thread(() -> {
                while (running.get()) {
                    try {
                        ServedCertificates.served(server, listener, client);
                        handshakes.incrementAndGet();
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }
            });
            loop.start();
            loops.add(loop);
        }
        List<Long> millis = new ArrayList<>();
        List<Long> answered = new ArrayList<>();
        int duringReloads;
        try {
            Thread.sleep(500);
            int before = handshakes.get();
            for (int i = 0; i < 5; i++) {
                writeServerKeystore(Duration.ofDays(400 + i));
                long start = System.nanoTime();
                HttpResponse<String> answer = new TestClients.WebAdmin(server).post("/tls/reload", "");
                answered.add((System.nanoTime() - start) / 1_000_000);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                millis.add(new ObjectMapper().readTree(answer.body()).path("tookMillis").asLong());
                Thread.sleep(500);
            }
            duringReloads = handshakes.get() - before;
        } finally {
            running.set(false);
            for (Thread loop : loops) {
                loop.join();
            }
        }
        System.out.printf("TLS reload: in the server %s ms (median %d ms), answered to the client in %s ms (median %d ms); "
                + "%d handshakes during the reloads (3 clients), %d failed%n", millis, median(millis), answered,
            median(answered), duringReloads, failures.size());
        assertThat(failures).isEmpty();
        assertThat(duringReloads).isPositive();
    }

    @Test
    @Order(5)
    void aHangupSignalReloadsAsTheCommandDoesAndDoesNotStopTheServer() throws Exception {
        long pid = server.pid();
        IssuedCertificate renewed = writeServerKeystore(Duration.ofDays(450));

        Process hangup = new ProcessBuilder("kill", "-HUP", String.valueOf(pid)).start();
        assertThat(hangup.waitFor()).isZero();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(ServedCertificates.served(server, Listener.IMAPS, trustingDevelopmentRoot()))
                .isEqualTo(renewed.certificate()));
        assertThat(server.isAlive()).isTrue();
        assertThat(server.pid()).isEqualTo(pid);
        assertThat(new TestClients.WebAdmin(server).get("/audit?decision=TLS_RELOADED&limit=1000").body())
            .contains(renewed.certificate().getSerialNumber().toString(16)).contains("SIGHUP");
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static Map<Listener, BigInteger> serials() throws Exception {
        Map<Listener, BigInteger> serials = new EnumMap<>(Listener.class);
        SSLContext client = trustingDevelopmentRoot();
        for (Listener listener : Listener.values()) {
            SSLContext context = listener == Listener.MX ? TestClients.devPeerOperator(server) : client;
            serials.put(listener, ServedCertificates.served(server, listener, context).getSerialNumber());
        }
        return serials;
    }

    private static SSLContext trustingDevelopmentRoot() throws Exception {
        return ClientTls.trusting(server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE));
    }

    /** A new server certificate from the development CA, in place of the keystore the server reads. */
    static IssuedCertificate writeServerKeystore(Duration validity) throws Exception {
        return writeServerKeystore(server, validity);
    }

    static IssuedCertificate writeServerKeystore(CaduceeProcess server, Duration validity) throws Exception {
        Path pki = server.pkiDir();
        CertificateAuthority ca = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        IssuedCertificate renewed = ca.issue(LeafRequest.builder("caducee.localhost").subject(DevPki.SERVER_SUBJECT)
            .dnsName("localhost").serverAuth(true).clientAuth(true)
            .validity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity)).build());
        char[] secret = Files.readString(pki.resolve(DevPki.SECRET_FILE)).trim().toCharArray();
        Path written = pki.resolve("server.p12.new");
        renewed.writePkcs12(written, secret, DevPki.SERVER_ALIAS);
        // Replaced in one step, as an operator's mv does: a reload never reads half a file.
        Files.move(written, pki.resolve(DevPki.SERVER_KEYSTORE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return renewed;
    }
}
