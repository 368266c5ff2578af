package fr.caducee.server.it;

import static fr.caducee.server.it.GatewayHospital.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.directory.ldap.SlapdProcess;
import fr.caducee.gateway.AnsMessages;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.TestClients;

/**
 * The directory away while a hospital sends an admission: the server's directory is a real OpenLDAP, frozen
 * (SIGSTOP) while the message arrives. The gateway cannot look the GP up, answers {@code AR} (nothing kept, nothing
 * sent), and the same message sent again once the directory is back is accepted and the GP told, once.
 */
class GatewayDirectoryDownIT {
    static final GatewayHospital HOSPITAL = new GatewayHospital("chu-annuaire.localhost", "590000030");
    static final String GP = "dr.lefebvre@cabinet-annuaire.localhost";
    static final String PASSWORD = "pass-annuaire-2026";

    static SlapdProcess slapd;
    static CaduceeProcess server;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        slapd = SlapdProcess.start();
        data = Files.createTempDirectory("caducee-gateway-ldap-");
        Map<String, String> properties = new LinkedHashMap<>(HOSPITAL.settings());
        properties.put("caducee.directory.mode", "external");
        properties.put("caducee.directory.url", slapd.url());
        properties.put("caducee.directory.bindDn", slapd.bindDn());
        properties.put("caducee.directory.freshnessSeconds", "2");
        properties.put("caducee.directory.timeoutMillis", "1000");
        server = CaduceeProcess.start(data.resolve("server"), properties,
            Map.of("CADUCEE_DIRECTORY_PASSWORD", slapd.password()), GatewayDirectoryDownIT.class.getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(HOSPITAL.domain);
        admin.addDomain("cabinet-annuaire.localhost");
        admin.addBox(HOSPITAL.emergencyPhysician, GatewayHospital.PASSWORD);
        admin.addBox(GP, PASSWORD);
        HOSPITAL.register(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.resume();
        }
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void aDirectoryThatDoesNotAnswerMakesTheHospitalSendAgainAndTheGpIsToldOnceItIsBack() throws Exception {
        String admission = AnsMessages.withSegmentAfter(HOSPITAL.admission("LDAP-1"), "PID",
            GatewayHospital.rolOf(GP));
        String refused;
        slapd.pause();
        try (MllpClient hospital = HOSPITAL.connect(server)) {
            refused = hospital.send(admission);
        } finally {
            slapd.resume();
        }

        assertThat(field(refused, "MSA", 1)).isEqualTo("AR");
        assertThat(field(refused, "MSA", 2)).isEqualTo("LDAP-1");
        assertThat(field(refused, "ERR", 7)).isEqualTo("hl7-dependency-unavailable");
        JsonNode records = new ObjectMapper().readTree(new TestClients.WebAdmin(server)
            .get("/audit?decision=REFUSED&messageId=LDAP-1").body());
        assertThat(records).anySatisfy(record ->
            assertThat(record.path("rule").asText()).isEqualTo("hl7-dependency-unavailable"));

        String accepted;
        try (MllpClient hospital = HOSPITAL.connect(server)) {
            accepted = hospital.send(admission);
        }
        assertThat(field(accepted, "MSA", 1)).isEqualTo("AA");
        String subject = "Urgences CHU de Caducée : votre patiente Dominique PAT-TROIS";
        MailClient mail = new MailClient(server);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> !mail.inbox(GP, PASSWORD, subject).isEmpty());
        Thread.sleep(2_000);
        assertThat(mail.messages(GP, PASSWORD, subject)).hasSize(1);
    }
}
