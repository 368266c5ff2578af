package fr.caducee.server.it;

import static fr.caducee.server.it.GatewayHospital.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SignedMessages;
import fr.caducee.gateway.AnsMessages;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.TestClients;

/**
 * A hospital tells the GP of a patient who arrives at its emergency department, for real: ANS's IHE PAM France A01
 * (unit 6268, declared as the ED; a ROL ODRP line naming the GP; the hospital's FINESS in MSH-4) over MLLP with TLS
 * and the hospital's client certificate, to the packaged server; the notice read over IMAPS in the GP's INBOX.
 * Every outcome (sent, no GP, GP unknown, without a box, suspended, cancelled) with its row and audit record, a
 * duplicate answered as the first time, the outcomes route, the ED's daily summary, and {@code kill -9} after an
 * {@code AA}: the notice is there once after the restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAdmissionIT {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final GatewayHospital HOSPITAL = new GatewayHospital("chu-urgences.localhost", "330000027");
    static final String DOMAIN = "cabinets.localhost";
    static final String PASSWORD = "pass-medecins-2026";
    static final String GP = "dr.martin@" + DOMAIN;
    static final String GP_ADELI = "dr.adeli@" + DOMAIN;
    static final String ADELI = "0751234567";
    static final String GP_SUSPENDED = "dr.suspendu@" + DOMAIN;
    static final String GP_WITHOUT_BOX = "810000058882";
    static final String GP_UNKNOWN = "10000069996";
    /** The summary goes out a little after the server started, the arrivals of yesterday sent before. */
    static final LocalTime SUMMARY_AT = LocalTime.now(PARIS).plusSeconds(60).withNano(0);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = HOSPITAL.declaredOn(new CaduceeServerExtension()
        .withProperty("caducee.gateway.summaryAt", SUMMARY_AT.toString())
        .withBox(GP, PASSWORD)
        .withBox(GP_SUSPENDED, PASSWORD));

    @BeforeAll
    static void registerTheHospitalAndTheGps() throws Exception {
        HOSPITAL.register(caducee.server());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + ADELI,
            "{\"lastName\":\"GENERALISTE\",\"firstName\":\"Anne\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + GP_ADELI,
            "{\"type\":\"PER\",\"professional\":\"" + ADELI + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + GP_ADELI + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + GP_WITHOUT_BOX,
            "{\"lastName\":\"SANSBOITE\",\"firstName\":\"Paul\"}"));
        TestClients.WebAdmin.expect(204, admin.post("/directory/boxes/" + GP_SUSPENDED + "/suspend", ""));
    }

    @Test
    @Order(1)
    void arrivalsOfYesterdayAreAcceptedForTheDailySummary() throws Exception {
        assumeTrue(SUMMARY_AT.isAfter(LocalTime.of(0, 20)) && SUMMARY_AT.isBefore(LocalTime.of(23, 40)),
            "not around midnight: yesterday must stay yesterday while the test runs");
        String yesterday = LocalDate.now(PARIS).minusDays(1).atTime(9, 30).format(DateTimeFormatter
            .ofPattern("yyyyMMddHHmmss"));
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            String told = AnsMessages.withField(admission("SUM-1", "V-SUM-1", "VEILLE", rpps(GP)), "EVN", 6, yesterday);
            String untold = AnsMessages.withField(admission("SUM-2", "V-SUM-2", "SANSMEDECIN", null), "EVN", 6,
                yesterday);
            assertThat(field(hospital.send(told), "MSA", 1)).isEqualTo("AA");
            assertThat(field(hospital.send(untold), "MSA", 1)).isEqualTo("AA");
        }
    }

    @Test
    @Order(2)
    void ansAdmissionToTheEdIsAcceptedAndTheGpsInboxHoldsANoticeWithoutDiagnosis() throws Exception {
        // A diagnosis in the message (DG1) must not reach the notice.
        String message = AnsMessages.withSegmentAfter(admission("ADM-1", "V-ADM-1", "PREMIERE", rpps(GP)), "PV1",
            "DG1|1||J18.9^Pneumopathie infectieuse^I10||20240306|A");
        String ack;
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            ack = hospital.send(message);
        }

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo("ADM-1");
        MimeMessage notice = awaitOne(GP, "Dominique PREMIERE");
        String body = String.valueOf(notice.getContent());
        assertThat(notice.getSubject()).isEqualTo("Urgences CHU de Caducée : votre patiente Dominique PREMIERE");
        assertThat(notice.getFrom()[0].toString()).isEqualTo(HOSPITAL.box);
        assertThat(body).contains("28/03/1979").contains("Urgences du CHU : 01 23 45 67 89").contains("V-ADM-1")
            .doesNotContain("Pneumopathie").doesNotContain("J18");
        assertThat(notice.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertAudited("ED_ARRIVAL", "ADM-1", "ed-gp-notified");
        assertAudited("HL7_HANDLED", "ADM-1", null);
    }

    @Test
    @Order(3)
    void theSameMessageSentAgainGetsTheSameAcknowledgementAndNoSecondNotice() throws Exception {
        String message = admission("DUP-1", "V-DUP-1", "DOUBLON", rpps(GP));
        byte[] first;
        byte[] again;
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            first = hospital.exchange(AnsMessages.utf8(message));
            again = hospital.exchange(AnsMessages.utf8(message));
        }
        // Another message about the same visit (an A04 after the A01): the GP was told already.
        String sameVisit = AnsMessages.withField(admission("DUP-2", "V-DUP-1", "DOUBLON", rpps(GP)), "MSH", 9,
            "ADT^A04^ADT_A01");
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            assertThat(field(hospital.send(sameVisit), "MSA", 1)).isEqualTo("AA");
        }

        assertThat(again).isEqualTo(first);
        awaitOne(GP, "Dominique DOUBLON");
        Thread.sleep(2_000);
        assertThat(mail().messages(GP, PASSWORD, subject("DOUBLON"))).hasSize(1);
    }

    @Test
    @Order(4)
    void aGpNamedByAdeliIsToldInTheirBox() throws Exception {
        String rol = "ROL||UC|ODRP|" + ADELI.substring(1)
            + "^GENERALISTE^ANNE^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^ADELI";
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            assertThat(field(hospital.send(admission("ADELI-1", "V-ADELI-1", "ADELIENNE", rol)), "MSA", 1))
                .isEqualTo("AA");
        }
        awaitOne(GP_ADELI, "Dominique ADELIENNE");
    }

    @Test
    @Order(5)
    void aPatientIdentifiedUnderTheNiaOidIsToldToo() throws Exception {
        String message = admission("NIA-1", "V-NIA-1", "NIA", rpps(GP))
            .replace("ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO", "ASIP-SANTE-INS-NIA&1.2.250.1.213.1.4.9&ISO");
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            assertThat(field(hospital.send(message), "MSA", 1)).isEqualTo("AA");
        }
        awaitOne(GP, "Dominique NIA");
        JsonNode arrival = arrival("V-NIA-1");
        assertThat(arrival.path("patient").path("ins").asText()).isEqualTo("279035121518989");
        assertThat(arrival.path("outcome").asText()).isEqualTo("SENT");
    }

    @Test
    @Order(6)
    void aCancellationSendsTheGpACorrection() throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            assertThat(field(hospital.send(admission("CANCEL-1", "V-CANCEL-1", "ANNULEE", rpps(GP))), "MSA", 1))
                .isEqualTo("AA");
            awaitOne(GP, "Dominique ANNULEE");
            String cancellation = AnsMessages.withField(admission("CANCEL-2", "V-CANCEL-1", "ANNULEE", rpps(GP)),
                "MSH", 9, "ADT^A11^ADT_A09");
            assertThat(field(hospital.send(cancellation), "MSA", 1)).isEqualTo("AA");
        }
        MimeMessage correction = awaitOne(GP, "annulation – votre patiente Dominique ANNULEE");
        assertThat(String.valueOf(correction.getContent())).contains("annulée").contains("V-CANCEL-1");
        assertThat(arrival("V-CANCEL-1").path("outcome").asText()).isEqualTo("CANCELLED");
        assertAudited("ED_ARRIVAL", "CANCEL-2", "ed-cancelled");
    }

    @Test
    @Order(7)
    void everyArrivalWhoseGpCannotBeToldHasItsOutcomeAndIsAcknowledged() throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            assertThat(field(hospital.send(admission("NOGP-1", "V-NOGP-1", "SANSMT", null)), "MSA", 1))
                .isEqualTo("AA");
            assertThat(field(hospital.send(admission("UNKNOWN-1", "V-UNKNOWN-1", "INCONNU", rol(GP_UNKNOWN))),
                "MSA", 1)).isEqualTo("AA");
            assertThat(field(hospital.send(admission("NOBOX-1", "V-NOBOX-1", "SANSBAL",
                rol(GP_WITHOUT_BOX.substring(1)))), "MSA", 1)).isEqualTo("AA");
            assertThat(field(hospital.send(admission("SUSP-1", "V-SUSP-1", "SUSPENDU", rpps(GP_SUSPENDED))), "MSA",
                1)).isEqualTo("AA");
        }

        assertThat(arrival("V-NOGP-1").path("outcome").asText()).isEqualTo("NO_GP");
        assertThat(arrival("V-UNKNOWN-1").path("outcome").asText()).isEqualTo("GP_UNKNOWN");
        assertThat(arrival("V-UNKNOWN-1").path("reason").asText()).contains(GP_UNKNOWN);
        assertThat(arrival("V-NOBOX-1").path("outcome").asText()).isEqualTo("GP_NO_BOX");
        assertThat(arrival("V-SUSP-1").path("outcome").asText()).isEqualTo("GP_BOX_SUSPENDED");
        assertAudited("ED_ARRIVAL", "NOGP-1", "ed-no-gp");
        assertAudited("ED_ARRIVAL", "UNKNOWN-1", "ed-gp-unknown");
        assertAudited("ED_ARRIVAL", "NOBOX-1", "ed-gp-no-box");
        assertAudited("ED_ARRIVAL", "SUSP-1", "ed-gp-box-suspended");
        // Nothing was submitted to the suspended box: the chain would have refused it (REFUSED, not this outcome).
        assertThat(arrival("V-SUSP-1").path("gp").path("notified")).isEmpty();
    }

    @Test
    @Order(8)
    void aMessageWithoutVisitNorMovementIsRefusedAeAndChangesNothing() throws Exception {
        String message = AnsMessages.without(AnsMessages.withField(admission("NOVISIT-1", "V-X", "SANSVISITE",
            rpps(GP)), "PV1", 19, ""), "ZBE");
        String ack;
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            ack = hospital.send(message);
        }
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 7)).isEqualTo("hl7-required-field-missing");
        assertAudited("REFUSED", "NOVISIT-1", "hl7-required-field-missing");
        Thread.sleep(1_000);
        assertThat(mail().messages(GP, PASSWORD, subject("SANSVISITE"))).isEmpty();
    }

    @Test
    @Order(9)
    void theOutcomesAreGivenToTheOperatorTheHospitalAndItsEdAndToNobodyElse() throws Exception {
        String day = "2024-03-06";
        JsonNode operator = JSON.readTree(new TestClients.WebAdmin(caducee.server())
            .get("/gateway/ed-notifications?day=" + day).body());
        JsonNode totals = operator.path("hospitals").get(0).path("totals");
        assertThat(totals.path("SENT").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(totals.path("patients").asLong()).isGreaterThan(totals.path("gpNotified").asLong());
        assertThat(totals.path("notifiedShare").asDouble()).isBetween(0.0, 1.0);

        HttpClient software = HttpClient.newBuilder().sslContext(TestClients.peer(caducee.server(),
            MllpClient.hospitalCertificate(caducee.server(), HOSPITAL.box))).build();
        HttpResponse<String> bySoftware = software.send(api("/gateway/ed-notifications?day=" + day, null),
            HttpResponse.BodyHandlers.ofString());
        assertThat(bySoftware.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(bySoftware.body()).path("hospitals").get(0).path("hospital").asText())
            .isEqualTo(HOSPITAL.box);

        HttpClient client = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server())).build();
        HttpResponse<String> byTheEd = client.send(api("/gateway/ed-notifications?day=" + day,
            HOSPITAL.emergencyPhysician), HttpResponse.BodyHandlers.ofString());
        assertThat(byTheEd.statusCode()).isEqualTo(200);

        HttpResponse<String> byAGp = client.send(api("/gateway/ed-notifications?day=" + day, GP),
            HttpResponse.BodyHandlers.ofString());
        assertThat(byAGp.statusCode()).isEqualTo(403);
        assertThat(byAGp.body()).contains("api-ed-notifications-forbidden");
        HttpResponse<String> noDay = client.send(api("/gateway/ed-notifications", HOSPITAL.emergencyPhysician),
            HttpResponse.BodyHandlers.ofString());
        assertThat(noDay.statusCode()).isEqualTo(400);
        assertThat(noDay.body()).contains("api-ed-notifications-query");
    }

    @Test
    @Order(90)
    void theEdsBoxGetsTheSummaryOfYesterdayAtItsTime() throws Exception {
        assumeTrue(SUMMARY_AT.isAfter(LocalTime.of(0, 20)) && SUMMARY_AT.isBefore(LocalTime.of(23, 40)));
        String day = LocalDate.now(PARIS).minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        String subject = "Urgences CHU de Caducée : bilan du " + day;
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
            .until(() -> !mail().inbox(HOSPITAL.edBox, GatewayHospital.PASSWORD, subject).isEmpty());
        List<MimeMessage> summaries = mail().messages(HOSPITAL.edBox, GatewayHospital.PASSWORD,
            subject + " – médecin traitant prévenu pour 1 patient sur 2");
        assertThat(summaries).hasSize(1);
        assertThat(ServerSigner.isSigned(summaries.get(0))).as("signed by the operator").isTrue();
        assertThat(String.valueOf(SignedMessages.unwrapped(summaries.get(0)).getContent())).contains("Patients vus : 2")
            .contains("Dominique SANSMEDECIN").contains("V-SUM-2");
    }

    @Test
    @Order(99)
    void killedRightAfterAnAaTheServerDeliversTheNoticeOnceAfterItsRestart() throws Exception {
        String message = admission("KILL-1", "V-KILL-1", "APRESCRASH", rpps(GP));
        byte[] ack;
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            ack = hospital.exchange(AnsMessages.utf8(message));
        }
        caducee.server().kill();
        assertThat(field(new String(ack, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");

        caducee.server().startAgain();
        awaitOne(GP, "Dominique APRESCRASH");
        byte[] again;
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            again = hospital.exchange(AnsMessages.utf8(message));
        }
        assertThat(again).as("sent again after the restart: answered as before").isEqualTo(ack);
        Thread.sleep(3_000);
        assertThat(mail().messages(GP, PASSWORD, subject("APRESCRASH"))).hasSize(1);
    }

    static String admission(String controlId, String visit, String family, String rol) {
        return HOSPITAL.admission(controlId, visit, family, rol);
    }

    static String rpps(String box) {
        return GatewayHospital.rolOf(box);
    }

    static String rol(String rpps) {
        return GatewayHospital.rol(rpps);
    }

    static String subject(String family) {
        return "Urgences CHU de Caducée : votre patiente Dominique " + family;
    }

    static MailClient mail() throws Exception {
        return new MailClient(caducee.server());
    }

    /** The one message of the box whose subject ends with {@code ending}, once delivered. */
    static MimeMessage awaitOne(String box, String ending) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> !mail().inbox(box, PASSWORD, ending).isEmpty());
        List<MimeMessage> found = mail().messages(box, PASSWORD, "Urgences CHU de Caducée : " + (ending
            .startsWith("annulation") ? "" : "votre patiente ") + ending);
        assertThat(found).hasSize(1);
        // The gateway's notices are the server's writing: signed with the operator's key, read through it.
        assertThat(ServerSigner.isSigned(found.get(0))).as("signed by the operator").isTrue();
        return SignedMessages.unwrapped(found.get(0));
    }

    /** The arrival of this visit, as the outcomes route gives it for ANS's day. */
    static JsonNode arrival(String visit) throws Exception {
        JsonNode answer = JSON.readTree(new TestClients.WebAdmin(caducee.server())
            .get("/gateway/ed-notifications?day=2024-03-06&hospital=" + HOSPITAL.box).body());
        for (JsonNode arrival : answer.path("hospitals").get(0).path("arrivals")) {
            if (arrival.path("visit").asText().equals(visit)) {
                return arrival;
            }
        }
        throw new AssertionError("no arrival " + visit + " in " + answer);
    }

    static HttpRequest api(String path, String basicLogin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:"
            + caducee.server().ports().api() + path)).GET();
        Optional.ofNullable(basicLogin).ifPresent(login -> request.header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString((login + ":" + (login.equals(HOSPITAL.emergencyPhysician)
                ? GatewayHospital.PASSWORD : PASSWORD)).getBytes(StandardCharsets.UTF_8))));
        return request.build();
    }

    static void assertAudited(String decision, String controlId, String rule) throws Exception {
        JsonNode records = JSON.readTree(new TestClients.WebAdmin(caducee.server())
            .get("/audit?decision=" + decision + "&messageId=" + controlId).body());
        assertThat(records).as("%s of %s in the audit trail", decision, controlId).anySatisfy(record -> {
            assertThat(record.path("via").asText()).isEqualTo("gateway");
            assertThat(record.path("sender").asText()).isEqualTo(HOSPITAL.box);
            if (rule != null) {
                assertThat(record.path("rule").asText()).isEqualTo(rule);
            }
        });
    }
}
