package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
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

import fr.caducee.server.pki.DevPki;
import fr.caducee.server.pki.IssuedCertificate;
import fr.caducee.server.pki.LeafRequest;

/**
 * Delivery to other operators through the static route table, to stand-in operators on loopback that record what
 * reaches them: a routed domain is delivered over mutual TLS; an operator whose certificate is on its CA's revocation
 * list gets nothing and the sender is told; a recipient outside the trust space gets nothing either.
 */
class OutboundDeliveryIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.envoi@" + DOMAIN;
    static final String FORWARDING = "dr.renvoi@" + DOMAIN;
    static final String PASSWORD = "pass-envoi-2026";
    static final String VALID_OPERATOR = "operateur-valide.localhost";
    static final String REVOKED_OPERATOR = "operateur-revoque.localhost";

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static StubOperator valid;
    static StubOperator revoked;
    static StubOperator outside;

    @BeforeAll
    static void start() throws Exception {
        DevPki pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
        valid = new StubOperator(pki.authority().issue(stubRequest().build()), pki.rootCertificate());
        IssuedCertificate revokedCertificate = pki.authority().issue(stubRequest().build());
        pki.revoke(revokedCertificate.certificate());
        revoked = new StubOperator(revokedCertificate, pki.rootCertificate());
        outside = new StubOperator(pki.authority().issue(stubRequest().build()), pki.rootCertificate());

        Path routes = Files.writeString(work.resolve("routes.txt"), String.join("\n",
            "# test peers on loopback",
            VALID_OPERATOR + "   localhost:" + valid.port(),
            REVOKED_OPERATOR + "  localhost:" + revoked.port(),
            "gmail.com   localhost:" + outside.port()) + "\n");
        Path whitelist = Files.writeString(work.resolve("liste-blanche.xml"),
            "<ListeBlanche xmlns=\"https://listeblanche.mssante.fr/schema\">"
                + "<Domaine><Nom>" + VALID_OPERATOR + "</Nom></Domaine>"
                + "<Domaine><Nom>" + REVOKED_OPERATOR + "</Nom></Domaine></ListeBlanche>");
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.routes", routes.toString(),
            "caducee.whitelist", whitelist.toString(),
            "caducee.relay.delays", "1 seconds, 1 seconds",
            "caducee.relay.maxRetries", "2",
            "caducee.demo", "false"), "OutboundDeliveryIT");
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
        admin.addBox(FORWARDING, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (StubOperator stub : new StubOperator[] {valid, revoked, outside}) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    @Test
    void routedDomainIsDeliveredToItsHostPresentingOurCertificate() throws Exception {
        new MailClient(server).send(DOCTOR, PASSWORD, "dr.valide@" + VALID_OPERATOR, "Adressage " + UUID.randomUUID(), "Bonjour.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
            assertThat(valid.recipients()).contains("<dr.valide@" + VALID_OPERATOR + ">"));
        assertThat(valid.senders()).contains("<" + DOCTOR + ">");
        assertThat(valid.clientCertificates()).allSatisfy(subject -> assertThat(subject).contains("development only"));
    }

    @Test
    void operatorWhoseCertificateIsRevokedGetsNothingAndTheSenderIsNotified() throws Exception {
        MailClient client = new MailClient(server);
        long reportsBefore = reports(client, DOCTOR);

        client.send(DOCTOR, PASSWORD, "dr.revoque@" + REVOKED_OPERATOR, "Jamais remis " + UUID.randomUUID(), "Révoqué.");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> reports(client, DOCTOR) > reportsBefore);
        assertThat(revoked.failedHandshakes()).as("every attempt stopped in the handshake").isGreaterThanOrEqualTo(1);
        assertThat(revoked.senders()).isEmpty();
        assertThat(revoked.recipients()).isEmpty();
    }

    @Test
    void forwardToADomainOutsideTheTrustSpaceSendsNothingAndTheSenderIsNotified() throws Exception {
        HttpResponse<String> forward = new TestClients.WebAdmin(server)
            .put("/address/forwards/" + FORWARDING + "/targets/quelquun@gmail.com", "");
        assertThat(forward.statusCode()).as(forward.body()).isEqualTo(204);
        MailClient client = new MailClient(server);
        long reportsBefore = reports(client, DOCTOR);

        client.send(DOCTOR, PASSWORD, FORWARDING, "Renvoi hors espace " + UUID.randomUUID(), "Ne doit pas sortir.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> reports(client, DOCTOR) > reportsBefore);
        assertThat(outside.connections()).isZero();
    }

    @Test
    void aBadLineInTheRouteTableStopsTheStartNamingTheLine() throws Exception {
        Path routes = Files.writeString(work.resolve("bad-routes.txt"), "# routes\nchu-exemple.fr   127.0.0.1:25\n");

        assertThatThrownBy(() -> CaduceeProcess.start(work.resolve("bad-routes"), Map.of(
                "caducee.routes", routes.toString(), "caducee.demo", "false"), "OutboundDeliveryIT-bad-routes"))
            .hasMessageContaining("before it was ready");
        assertThat(CaduceeProcess.repositoryRoot().resolve("server/target/it-logs/OutboundDeliveryIT-bad-routes-start1.log"))
            .content().contains("bad-routes.txt line 2 'chu-exemple.fr   127.0.0.1:25'").contains("must be a host name");
    }

    private static long reports(MailClient client, String box) throws Exception {
        return client.contentTypes(box, PASSWORD).stream().filter(type -> type.startsWith("multipart/report")).count();
    }

    private static LeafRequest.Builder stubRequest() {
        return LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true).clientAuth(true);
    }
}
