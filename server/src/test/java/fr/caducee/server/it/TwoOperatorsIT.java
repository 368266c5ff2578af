package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.Pem;

/**
 * Two Caducée servers as two operators of the trust space, each with its own PKI, each trusting the other's root
 * and whitelisting the other's domain: a professional on A writes to a box on B, and the message travels over
 * mutual TLS.
 */
class TwoOperatorsIT {
    static final String DOMAIN_A = "operateur-a.localhost";
    static final String DOMAIN_B = "operateur-b.localhost";
    static final String DOCTOR_A = "dr.alpha@" + DOMAIN_A;
    static final String DOCTOR_B = "dr.beta@" + DOMAIN_B;
    static final String PASSWORD = "pass-operateurs";

    @TempDir
    static Path work;
    static CaduceeProcess operatorA;
    static CaduceeProcess operatorB;

    @BeforeAll
    static void startBothOperators() throws Exception {
        DevPki pkiA = DevPki.ensure(work.resolve("a/pki"), List.of("localhost", "mx." + DOMAIN_A));
        DevPki pkiB = DevPki.ensure(work.resolve("b/pki"), List.of("localhost", "mx." + DOMAIN_B));
        Path anchorsA = Files.createDirectories(work.resolve("anchors-a"));
        Path anchorsB = Files.createDirectories(work.resolve("anchors-b"));
        Pem.writeCertificate(anchorsA.resolve("operateur-b-root.pem"), pkiB.rootCertificate());
        Pem.writeCertificate(anchorsB.resolve("operateur-a-root.pem"), pkiA.rootCertificate());

        // Each trusts the other's root, and so reads the other's revocation list.
        operatorB = CaduceeProcess.start(work.resolve("b"), Map.of(
            "caducee.trustAnchors", anchorsB.toString(),
            "caducee.crl", pkiA.revocationList().toString(),
            "caducee.hostnames", "localhost,mx." + DOMAIN_B,
            "caducee.whitelist", whitelist("b", DOMAIN_A).toString(),
            "caducee.demo", "false"), "TwoOperatorsIT-B");
        operatorA = CaduceeProcess.start(work.resolve("a"), Map.of(
            "caducee.trustAnchors", anchorsA.toString(),
            "caducee.crl", pkiB.revocationList().toString(),
            "caducee.hostnames", "localhost,mx." + DOMAIN_A,
            "caducee.whitelist", whitelist("a", DOMAIN_B).toString(),
            "caducee.relay.gateway", "localhost:" + operatorB.ports().mx(),
            "caducee.demo", "false"), "TwoOperatorsIT-A");

        TestClients.WebAdmin adminA = new TestClients.WebAdmin(operatorA);
        adminA.addDomain(DOMAIN_A);
        adminA.addBox(DOCTOR_A, PASSWORD);
        TestClients.WebAdmin adminB = new TestClients.WebAdmin(operatorB);
        adminB.addDomain(DOMAIN_B);
        adminB.addBox(DOCTOR_B, PASSWORD);
    }

    @AfterAll
    static void stopBothOperators() {
        if (operatorA != null) {
            operatorA.close();
        }
        if (operatorB != null) {
            operatorB.close();
        }
    }

    @Test
    void professionalOnAWritesToABoxOnBOverMutualTls() throws Exception {
        String subject = "Adressage patient " + UUID.randomUUID();
        new MailClient(operatorA).send(DOCTOR_A, PASSWORD, DOCTOR_B, subject, "Je vous adresse Mme Martin.");

        assertThat(new MailClient(operatorB).awaitDelivered(DOCTOR_B, PASSWORD, subject)).hasSize(1);
        // Both audit trails record the hop: A accepted it from a logged-in box and relayed it, B accepted it from
        // the peer whose certificate names A's host.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(operatorA.log()))
            .anySatisfy(line -> assertThat(line).contains("decision=accepted via=submission").contains("login=" + DOCTOR_A))
            .anySatisfy(line -> assertThat(line).contains("decision=relayed").contains(DOCTOR_B)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(operatorB.log()))
            .anySatisfy(line -> assertThat(line).contains("decision=accepted via=mx")
                .contains("sender=" + DOCTOR_A)
                .contains("mx." + DOMAIN_A)));
    }

    @Test
    void senderWhoAskedIsToldOfTheRelayAndOfLocalDelivery() throws Exception {
        MailClient clientB = new MailClient(operatorB);
        clientB.sendAskingForSuccessNotification(DOCTOR_B, PASSWORD, DOCTOR_B, "Note à moi-même " + UUID.randomUUID(), "Local.");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .untilAsserted(() -> assertThat(clientB.contentTypes(DOCTOR_B, PASSWORD))
                .anySatisfy(type -> assertThat(type).startsWith("multipart/report")));

        MailClient clientA = new MailClient(operatorA);
        long reportsBefore = reports(clientA);
        clientA.sendAskingForSuccessNotification(DOCTOR_A, PASSWORD, DOCTOR_B, "Avec accusé " + UUID.randomUUID(), "Relayed.");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> reports(clientA) > reportsBefore);
    }

    private static long reports(MailClient client) throws Exception {
        return client.contentTypes(DOCTOR_A, PASSWORD).stream().filter(type -> type.startsWith("multipart/report")).count();
    }

    @Test
    void whenTheRemoteOperatorIsDownDeliveryIsRetriedThenTheSenderGetsADeliveryStatusNotification() throws Exception {
        int closedPort = CaduceeProcess.freePort();
        DevPki.ensure(work.resolve("c/pki"), List.of("localhost", "mx." + DOMAIN_A));
        try (CaduceeProcess operatorC = CaduceeProcess.start(work.resolve("c"), Map.of(
                "caducee.hostnames", "localhost,mx." + DOMAIN_A,
                "caducee.whitelist", whitelist("c", DOMAIN_B).toString(),
                "caducee.relay.gateway", "localhost:" + closedPort,
                "caducee.relay.delays", "1 seconds, 1 seconds",
                "caducee.relay.maxRetries", "2",
                "caducee.demo", "false"), "TwoOperatorsIT-C")) {
            TestClients.WebAdmin admin = new TestClients.WebAdmin(operatorC);
            admin.addDomain(DOMAIN_A);
            admin.addBox(DOCTOR_A, PASSWORD);
            MailClient client = new MailClient(operatorC);
            assertThat(client.contentTypes(DOCTOR_A, PASSWORD)).isEmpty();

            client.send(DOCTOR_A, PASSWORD, DOCTOR_B, "Jamais arrivé " + UUID.randomUUID(), "Operator B is down.");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> assertThat(client.contentTypes(DOCTOR_A, PASSWORD))
                    .anySatisfy(type -> assertThat(type).startsWith("multipart/report")));
        }
    }

    /** The other operator's domain, sent for by a Caducée server's development certificate. */
    private static Path whitelist(String name, String... domains) {
        return new NationalWhitelist().domains(NationalWhitelist.CADUCEE_DN, domains)
            .writeTo(work.resolve("liste-blanche-" + name + ".xml"));
    }
}
