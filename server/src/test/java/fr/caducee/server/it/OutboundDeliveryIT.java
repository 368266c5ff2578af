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

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.StubOperator;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * Delivery to other operators through the static route table, to stand-in operators on loopback that record what
 * reaches them: a routed domain is delivered over mutual TLS to the operator the national whitelist lists for it;
 * an operator whose certificate is on its CA's revocation list, or whose certificate DN is not the one listed for
 * the domain, gets nothing and the sender is told; a recipient outside the trust space gets nothing either.
 */
class OutboundDeliveryIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.envoi@" + DOMAIN;
    static final String FORWARDING = "dr.renvoi@" + DOMAIN;
    static final String PASSWORD = "pass-envoi-2026";
    static final String VALID_OPERATOR = "operateur-valide.localhost";
    static final String REVOKED_OPERATOR = "operateur-revoque.localhost";
    /** Listed under another operator's DN than the certificate its route leads to. */
    static final String USURPED_OPERATOR = "operateur-usurpe.localhost";
    static final String VALID_DN = "CN=mx.operateur-valide.localhost,OU=Operateur valide,O=Test,C=FR";
    static final String REVOKED_DN = "CN=mx.operateur-revoque.localhost,OU=Operateur revoque,O=Test,C=FR";
    static final String USURPER_DN = "CN=mx.usurpateur.localhost,OU=Usurpateur,O=Test,C=FR";
    static final String USURPED_DN = "CN=mx.operateur-usurpe.localhost,OU=Operateur usurpe,O=Test,C=FR";

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static StubOperator valid;
    static StubOperator revoked;
    static StubOperator outside;
    static StubOperator usurper;

    @BeforeAll
    static void start() throws Exception {
        DevPki pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
        valid = new StubOperator(pki.authority().issue(stubRequest().subject(VALID_DN).build()), pki.rootCertificate());
        IssuedCertificate revokedCertificate = pki.authority().issue(stubRequest().subject(REVOKED_DN).build());
        pki.revoke(revokedCertificate.certificate());
        revoked = new StubOperator(revokedCertificate, pki.rootCertificate());
        outside = new StubOperator(pki.authority().issue(stubRequest().build()), pki.rootCertificate());
        usurper = new StubOperator(pki.authority().issue(stubRequest().subject(USURPER_DN).build()), pki.rootCertificate());

        Path routes = Files.writeString(work.resolve("routes.txt"), String.join("\n",
            "# test peers on loopback",
            VALID_OPERATOR + "   localhost:" + valid.port(),
            REVOKED_OPERATOR + "  localhost:" + revoked.port(),
            USURPED_OPERATOR + "  localhost:" + usurper.port(),
            "gmail.com   localhost:" + outside.port()) + "\n");
        Path whitelist = new NationalWhitelist()
            .domain(VALID_OPERATOR, VALID_DN)
            .domain(REVOKED_OPERATOR, REVOKED_DN)
            .domain(USURPED_OPERATOR, USURPED_DN)
            // the usurper is an operator of the list, but for another domain
            .domain("usurpateur.localhost", USURPER_DN)
            .writeTo(work.resolve("liste-blanche.xml"));
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
        for (StubOperator stub : new StubOperator[] {valid, revoked, outside, usurper}) {
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
        assertThat(valid.clientCertificates()).allSatisfy(subject -> assertThat(subject).isEqualTo(DevPki.SERVER_SUBJECT));
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
    void serverWhoseCertificateDnIsNotTheDomainsListedOperatorGetsNothingAndTheSenderIsToldAtOnceWhy() throws Exception {
        MailClient client = new MailClient(server);
        long reportsBefore = reports(client, DOCTOR);

        client.send(DOCTOR, PASSWORD, "dr.usurpe@" + USURPED_OPERATOR, "Mauvais operateur " + UUID.randomUUID(), "Pas pour lui.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> reports(client, DOCTOR) > reportsBefore);
        assertThat(client.reportTexts(DOCTOR, PASSWORD)).anySatisfy(report -> assertThat(report)
            .contains("dr.usurpe@" + USURPED_OPERATOR)
            .contains("550 5.7.1 Nothing was sent to " + USURPED_OPERATOR)
            .contains("presented the certificate " + USURPER_DN)
            .contains("it lists the operator certificate " + USURPED_DN));
        // reported at the first attempt, not after the retries
        assertThat(usurper.connections()).isEqualTo(1);
        assertThat(usurper.senders()).isEmpty();
        assertThat(usurper.recipients()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(server.log()))
            .anySatisfy(line -> assertThat(line).contains("decision=bounced")
                .contains("rule=remote-dn-not-listed-for-domain").contains(USURPED_OPERATOR)));
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
