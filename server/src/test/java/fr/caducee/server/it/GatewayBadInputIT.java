package fr.caducee.server.it;

import static fr.caducee.server.it.GatewayHospital.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.gateway.AnsMessages;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * What a hospital's interface may get wrong, sent for real over MLLP to the packaged server: bytes outside a frame, a
 * 50 MB frame, a version the gateway does not take, bytes not in the declared character set, a FINESS that is not
 * the hospital's, a certificate naming no hospital, none at all, a text that is no HL7. Each is answered (an
 * {@code AE} with its rule in ERR-7, or the TLS handshake refused), audited, and the connection goes on (or is closed
 * when the peer is unknown); nothing is half done.
 */
class GatewayBadInputIT {
    static final GatewayHospital HOSPITAL = new GatewayHospital("chu-erreurs.localhost", "690000013");
    static final int MAX_CONNECTIONS = 4;

    @RegisterExtension
    static final CaduceeServerExtension caducee = HOSPITAL.declaredOn(new CaduceeServerExtension()
        .withProperty("caducee.gateway.maxConnections", String.valueOf(MAX_CONNECTIONS)));

    @BeforeAll
    static void registerTheHospital() throws Exception {
        HOSPITAL.register(caducee.server());
    }

    @Test
    void bytesOutsideAFrameAreRefusedAndTheFrameThatFollowsIsAnswered() throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            hospital.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            hospital.sendFrame(AnsMessages.utf8(version("FRAMING-1", "2.3")));

            String framing = text(hospital.receive());
            String next = text(hospital.receive());

            assertThat(field(framing, "MSA", 1)).isEqualTo("AE");
            assertThat(field(framing, "MSA", 2)).as("nothing of the message was read").isEmpty();
            assertThat(field(framing, "ERR", 7)).isEqualTo("hl7-framing");
            assertThat(field(next, "MSA", 2)).isEqualTo("FRAMING-1");
        }
        assertRefusalAudited("hl7-framing", null);
    }

    @Test
    void a50MegabyteFrameIsRefusedWithoutBeingHeldAndTheConnectionGoesOn() throws Exception {
        long peakBefore = peakResidentKilobytes();
        List<Future<String>> answers = new ArrayList<>();
        ExecutorService hospitals = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                String controlId = "LARGE-" + i;
                answers.add(hospitals.submit(() -> {
                    try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
                        hospital.sendLargeFrame(AnsMessages.utf8(HOSPITAL.admission(controlId) + "\rNTE|1||"),
                            50L * 1024 * 1024, (byte) 'A');
                        String refusal = text(hospital.receive());
                        String next = hospital.send(version(controlId + "-next", "2.3"));
                        return refusal + "\n" + field(next, "MSA", 2);
                    }
                }));
            }
            for (Future<String> answer : answers) {
                String[] both = answer.get().split("\n");
                assertThat(field(both[0], "MSA", 1)).isEqualTo("AE");
                assertThat(field(both[0], "ERR", 7)).isEqualTo("hl7-too-large");
                assertThat(both[1]).endsWith("-next");
            }
        } finally {
            hospitals.shutdownNow();
        }
        long grown = peakResidentKilobytes() - peakBefore;
        // Three frames held whole would take 150 MB at least (more with the copies a growing buffer makes).
        assertThat(grown).as("peak resident memory grown, in KB").isLessThan(96 * 1024);
        assertRefusalAudited("hl7-too-large", HOSPITAL.box);
    }

    @Test
    void aVersionTheGatewayDoesNotTakeIsRefusedAeAndKept() throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            String ack = hospital.send(version("VERSION-1", "2.3"));
            String again = hospital.send(version("VERSION-1", "2.3"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "MSA", 2)).isEqualTo("VERSION-1");
            assertThat(field(ack, "ERR", 3)).startsWith("203^");
            assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-unsupported-version");
            assertThat(field(ack, "ERR", 8)).isNotBlank();
            assertThat(again).as("sent again, the same answer").isEqualTo(ack);
        }
        assertRefusalAudited("hl7-unsupported-version", HOSPITAL.box);
    }

    @Test
    void bytesThatAreNotInTheDeclaredCharacterSetAreRefused() throws Exception {
        String message = HOSPITAL.admission("CHARSET-1").replace("PAT-TROIS^DOMINIQUE", "PÂT-TROIS^DOMINIQUE");
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            // MSH-18 says UNICODE UTF-8; the bytes are ISO-8859-1 (Â is 0xC2 alone, not followed by a continuation)
            String ack = new String(hospital.exchange(MllpClient.withCarriageReturns(message)
                .getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.UTF_8);

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-encoding-mismatch");
        }
        assertRefusalAudited("hl7-encoding-mismatch", HOSPITAL.box);
    }

    @Test
    void aFinessThatIsNotTheHospitalsIsRefusedAndNothingIsDone() throws Exception {
        String other = AnsMessages.withField(HOSPITAL.admission("FINESS-1"), "MSH", 4, "CLINIQUE^123456782^M");
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            String ack = hospital.send(other);

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "MSA", 2)).isEqualTo("FINESS-1");
            assertThat(field(ack, "ERR", 2)).isEqualTo("MSH^1^4");
            assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-facility-not-allowed");
            assertThat(field(ack, "ERR", 8)).contains("123456782");
        }
        assertRefusalAudited("hl7-facility-not-allowed", HOSPITAL.box);
    }

    @Test
    void aTextThatIsNoHl7IsRefusedAndTheConnectionGoesOn() throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            String ack = hospital.send("Bonjour, ceci n'est pas un message HL7");
            String next = hospital.send(version("UNPARSEABLE-next", "2.3"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-unparseable");
            assertThat(field(next, "MSA", 2)).isEqualTo("UNPARSEABLE-next");
        }
        assertRefusalAudited("hl7-unparseable", HOSPITAL.box);
    }

    @Test
    void aCertificateNamingNoHospitalGetsAeForItsFramesThenIsClosed() throws Exception {
        try (MllpClient stranger = MllpClient.hospital(caducee.server(), HOSPITAL.tlsPort, "dpi@ailleurs.localhost")) {
            String ack = stranger.send(HOSPITAL.admission("STRANGER-1"));

            assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(field(ack, "MSA", 2)).isEqualTo("STRANGER-1");
            assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-peer-unknown");
            assertThat(stranger.closedByServer(Duration.ofSeconds(10))).isTrue();
        }
        assertRefusalAudited("hl7-peer-unknown", null);
    }

    @Test
    void noCertificateOrOneFromAnotherAuthorityEndsInTheHandshake() throws Exception {
        SSLContext anonymous = TestClients.trustingServer(caducee.server());
        assertThatThrownBy(() -> {
            try (MllpClient client = MllpClient.tls("localhost", HOSPITAL.tlsPort, anonymous)) {
                client.send(HOSPITAL.admission("ANONYMOUS-1"));
            }
        }).isInstanceOfAny(SSLException.class, SocketException.class, IOException.class);

        CertificateAuthority stranger = CertificateAuthority.createRoot("not an anchor", Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(3600));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        IssuedCertificate issued = stranger.issue(LeafRequest.builder(HOSPITAL.box).serverAuth(false).clientAuth(true)
            .build());
        keys.setKeyEntry("forged", issued.privateKey(), new char[0], issued.chain().toArray(new X509Certificate[0]));
        SSLContext forged = ClientTls.presenting(keys, new char[0],
            Pem.readCertificate(caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE)));
        assertThatThrownBy(() -> {
            try (MllpClient client = MllpClient.tls("localhost", HOSPITAL.tlsPort, forged)) {
                client.send(HOSPITAL.admission("FORGED-1"));
            }
        }).isInstanceOfAny(SSLException.class, SocketException.class, IOException.class);
    }

    @Test
    void onThePlainDevelopmentListenerTheHospitalIsToldByMsh4() throws Exception {
        try (MllpClient plain = HOSPITAL.connectPlain()) {
            String stranger = plain.send(AnsMessages.withField(HOSPITAL.admission("PLAIN-1"), "MSH", 4,
                "CLINIQUE^123456782^M"));
            String ours = plain.send(version("PLAIN-2", "2.3"));

            assertThat(field(stranger, "ERR", 7)).isEqualTo("hl7-peer-unknown");
            assertThat(field(ours, "ERR", 7)).as("the hospital's own message, read as such")
                .isEqualTo("hl7-unsupported-version");
        }
    }

    @Test
    void oneConnectionMoreThanAllowedIsClosedAtOnceAndTheOthersGoOn() throws Exception {
        List<MllpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                MllpClient client = HOSPITAL.connectPlain();
                open.add(client);
                assertThat(field(client.send(version("SLOT-" + i, "2.3")), "MSA", 2)).isEqualTo("SLOT-" + i);
            }
            try (MllpClient oneMore = HOSPITAL.connectPlain()) {
                assertThat(oneMore.closedByServer(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(field(open.get(0).send(version("SLOT-again", "2.3")), "MSA", 2)).isEqualTo("SLOT-again");
        } finally {
            for (MllpClient client : open) {
                client.close();
            }
        }
    }

    /** ANS's admission with this version in MSH-12: refused before any route, kept like any AE. */
    private static String version(String controlId, String version) {
        return AnsMessages.withField(HOSPITAL.admission(controlId), "MSH", 12, version);
    }

    private static String text(byte[] ack) {
        return new String(ack, StandardCharsets.UTF_8);
    }

    private static void assertRefusalAudited(String rule, String sender) throws Exception {
        JsonNode records = new ObjectMapper().readTree(new TestClients.WebAdmin(caducee.server())
            .get("/audit?decision=REFUSED&limit=100000").body());
        assertThat(records).as("a refusal %s in the audit trail", rule).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo(rule);
            assertThat(record.path("via").asText()).isEqualTo("gateway");
            assertThat(record.path("reason").asText()).startsWith("AE ");
            if (sender != null) {
                assertThat(record.path("sender").asText()).isEqualTo(sender);
            }
        });
    }

    /** The server's peak resident memory (VmHWM), in kilobytes. */
    private static long peakResidentKilobytes() throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(caducee.server().pid()), "status")).stream()
            .filter(line -> line.startsWith("VmHWM:"))
            .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
            .findFirst().orElseThrow();
    }
}
