package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ClientTls;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * The shared record read over the HTTPS API, on the packaged server: IHE MHD search and retrieve as professionals,
 * the patient and software see them; the authorisation matrix, the patient's block and refusal of emergency access,
 * emergency and regulator access, the access log and the first-access notice in the patient's box, read over IMAP.
 * Documents are seeded in the server's PostgreSQL as a deposit leaves them; the current lab report is ANS's biology
 * report sample (ansforge/hl7V2-exemples, commit 60339877, {@code Volets/TRANS_DOC_CDA_HL7V2/V2.0/ORU/Transmission
 * initiale ORU/CR_Bio_CDA_Niv3_v1.XML}, a CDA R2 with its PDF embedded, 156 KB).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordReadApiIT {
    static final String DOMAIN = "records.localhost";
    static final String PASSWORD = "pass-records-2026";
    static final String INS = "184057512345625";
    static final String PATIENT = INS + "@patient." + DOMAIN;
    static final String DOCTOR = "dr.roux@" + DOMAIN;
    static final String AUTHOR = "dr.labo@" + DOMAIN;
    static final String PHARMACIST = "ph.martin@" + DOMAIN;
    static final String REGULATOR = "dr.samu@" + DOMAIN;
    static final String APP = "sil@" + DOMAIN;
    static final String SAMU_FINESS = "690781810";
    static final String LAB = "11502-2";
    static final String IMAGING = "18748-4";
    static final String NOTICE = "Un nouveau professionnel a consulté votre dossier médical";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANS_BIOLOGY_REPORT = "/records/ans/CR_Bio_CDA_Niv3_v1.xml";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.records.regulatorStructures", SAMU_FINESS)
        .withBox(DOCTOR, PASSWORD)
        .withBox(PATIENT, PASSWORD);

    static UUID labReport;
    static UUID imagingReport;
    static UUID supersededLab;
    static UUID masked;
    static UUID invisibleToPatient;
    static UUID deleted;
    static byte[] labBytes;
    static HttpClient https;

    @BeforeAll
    static void registerProfessionalsAndSeedTheRecord() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        professional(admin, DOCTOR, "10", null);
        professional(admin, AUTHOR, "10", null);
        professional(admin, PHARMACIST, "21", null);
        expect(admin.put("/directory/structures/1" + SAMU_FINESS, "{\"name\":\"SAMU 69\"}"), 201);
        professional(admin, REGULATOR, "10", SAMU_FINESS);
        expect(admin.put("/directory/boxes/" + APP, "{\"type\":\"APP\",\"structure\":\"1" + SAMU_FINESS + "\"}"), 201);

        String author = idNat(AUTHOR);
        supersededLab = seed("1.2.250.1.999.1.1", "set-lab", 1, LAB, "CR de biologie v1", author, "superseded", APP);
        try (InputStream sample = RecordReadApiIT.class.getResourceAsStream(ANS_BIOLOGY_REPORT)) {
            labBytes = sample.readAllBytes();
        }
        labReport = seed("1.2.250.1.999.1.2", "set-lab", 2, LAB, "Compte rendu d'examens biologiques", author,
            "current", APP, labBytes);
        imagingReport = seed("1.2.250.1.999.1.3", "set-img", 1, IMAGING, "CR d'imagerie", author, "current", AUTHOR);
        masked = seed("1.2.250.1.999.1.4", "set-masked", 1, LAB, "CR masqué", author, "current", AUTHOR, "MASQUE_PS");
        invisibleToPatient = seed("1.2.250.1.999.1.5", "set-inv", 1, LAB, "CR invisible", author, "current", AUTHOR,
            "INVISIBLE_PATIENT");
        deleted = seed("1.2.250.1.999.1.6", "set-del", 1, LAB, "CR supprimé", author, "deleted", AUTHOR);
        https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    @Order(1)
    void withoutCredentialsTheApiAnswers401AndSaysHowToAuthenticate() throws Exception {
        HttpResponse<String> response = https.send(request(search(), null).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(rule(response)).isEqualTo("api-authentication-failed");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at fr.");
    }

    @Test
    @Order(2)
    void aWrongPasswordAndAnUnknownLoginGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrongPassword = get(search(), DOCTOR, "not-the-password");
        HttpResponse<String> unknownLogin = get(search(), "nobody@" + DOMAIN, PASSWORD);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownLogin.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownLogin.body());
    }

    @Test
    @Order(3)
    void aPasswordSentWithoutTlsGetsNoHttpAnswer() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", caducee.server().ports().api())) {
            plain.setSoTimeout(5000);
            OutputStream out = plain.getOutputStream();
            out.write(("GET /fhir/DocumentReference HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                + basic(DOCTOR, PASSWORD) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(TestClients.readUntilClosed(plain)).doesNotContain("HTTP/1.1");
        }
    }

    @Test
    @Order(10)
    void aDoctorFindsTheCurrentDocumentsAndRetrievesOne() throws Exception {
        HttpResponse<String> response = get(search(), DOCTOR, PASSWORD);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/fhir+json"));
        JsonNode bundle = JSON.readTree(response.body());
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.path("type").asText()).isEqualTo("searchset");
        assertThat(ids(bundle)).containsExactlyInAnyOrder(labReport.toString(), imagingReport.toString(),
            invisibleToPatient.toString());
        JsonNode lab = entry(bundle, labReport);
        assertThat(lab.path("masterIdentifier").path("value").asText()).isEqualTo("urn:oid:1.2.250.1.999.1.2");
        assertThat(lab.path("status").asText()).isEqualTo("current");
        assertThat(lab.path("type").path("coding").get(0).path("code").asText()).isEqualTo(LAB);
        assertThat(lab.path("subject").path("identifier").path("value").asText()).isEqualTo(INS);
        assertThat(lab.path("relatesTo").get(0).path("code").asText()).isEqualTo("replaces");
        JsonNode attachment = lab.path("content").get(0).path("attachment");
        assertThat(attachment.path("size").asLong()).isEqualTo(labBytes.length);
        assertThat(Base64.getDecoder().decode(attachment.path("extension").get(0).path("valueBase64Binary").asText()))
            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(labBytes));
        String url = attachment.path("url").asText();
        assertThat(url).endsWith("/fhir/Binary/" + labReport);

        HttpResponse<byte[]> document = https.send(request(URI.create(url).getPath(), DOCTOR + ":" + PASSWORD).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(labBytes);
        assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
    }

    @Test
    @Order(11)
    void supersededVersionsAreFoundOnlyWhenAskedForAndDeletedOnesNever() throws Exception {
        JsonNode bundle = JSON.readTree(get(search() + "&status=superseded", DOCTOR, PASSWORD).body());
        assertThat(ids(bundle)).containsExactly(supersededLab.toString());
        assertThat(get("/fhir/Binary/" + deleted, DOCTOR, PASSWORD).statusCode()).isEqualTo(404);
        assertThat(get(search() + "&status=entered-in-error", DOCTOR, PASSWORD).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(12)
    void thePatientIsToldOnceOfTheDoctorsFirstAccess() throws Exception {
        MailClient mail = new MailClient(caducee.server());
        assertThat(mail.awaitDelivered(PATIENT, PASSWORD, NOTICE)).hasSize(1);
        get(search(), DOCTOR, PASSWORD);
        Thread.sleep(2000);
        assertThat(mail.inbox(PATIENT, PASSWORD, NOTICE)).hasSize(1);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.login(PATIENT, PASSWORD);
            imap.command("SELECT INBOX");
            // Quoted-printable: soft line breaks joined again before reading.
            String notice = String.join("\n", imap.command("FETCH 1 BODY.PEEK[TEXT]")).replace("=\n", "");
            assertThat(notice).contains(idNat(DOCTOR)).contains("Anne Roux");
            assertThat(notice).as("no clinical data").doesNotContain("biologiques").doesNotContain("imagerie");
        }
    }

    @Test
    @Order(13)
    void curlSearchesAsADoctorWouldFromAShell() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--cacert",
                caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE).toString(),
                "-u", DOCTOR + ":" + PASSWORD, "-w", "\n%{http_code} %{ssl_verify_result}",
                "https://localhost:" + caducee.server().ports().api() + search())
            .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).isZero();
        assertThat(output).endsWith("200 0").contains("\"resourceType\":\"Bundle\"").contains(labReport.toString());
    }

    @Test
    @Order(20)
    void aPharmacistIsRefusedATypeTheMatrixDoesNotGiveThem() throws Exception {
        HttpResponse<String> byType = get(search() + "&type=" + enc("http://loinc.org|" + IMAGING), PHARMACIST, PASSWORD);
        assertThat(byType.statusCode()).isEqualTo(403);
        assertThat(rule(byType)).isEqualTo("record-profession-matrix");
        assertThat(get("/fhir/Binary/" + imagingReport, PHARMACIST, PASSWORD).statusCode()).isEqualTo(403);
        assertThat(ids(JSON.readTree(get(search(), PHARMACIST, PASSWORD).body())))
            .containsExactlyInAnyOrder(labReport.toString(), invisibleToPatient.toString());
    }

    @Test
    @Order(21)
    void aMaskedDocumentIsShownToItsAuthorOnlyAmongProfessionals() throws Exception {
        assertThat(ids(JSON.readTree(get(search(), AUTHOR, PASSWORD).body()))).contains(masked.toString());
        assertThat(get("/fhir/Binary/" + masked, DOCTOR, PASSWORD).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(22)
    void inAnEmergencyThePharmacistReadsBeyondTheMatrix() throws Exception {
        HttpResponse<String> refused = send("/fhir/Binary/" + imagingReport, PHARMACIST, "emergency", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(rule(refused)).isEqualTo("record-emergency-unjustified");
        HttpResponse<String> read = send("/fhir/Binary/" + imagingReport, PHARMACIST, "emergency",
            "patient inconscient à l'officine");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(get("/fhir/Binary/" + masked, PHARMACIST, PASSWORD).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(23)
    void aRegulatorOfAListedCallCentreReadsAsRegulatorAndNobodyElse() throws Exception {
        assertThat(send(search(), REGULATOR, "regulator", "appel 15 douleur thoracique").statusCode()).isEqualTo(200);
        HttpResponse<String> notRegulator = send(search(), PHARMACIST, "regulator", "appel 15");
        assertThat(notRegulator.statusCode()).isEqualTo(403);
        assertThat(rule(notRegulator)).isEqualTo("record-not-regulator");
    }

    @Test
    @Order(30)
    void thePatientBlocksAProfessionalAndRefusesEmergencyAccess() throws Exception {
        assertThat(patientSettings("PUT", "/blocked/" + idNat(DOCTOR), "").statusCode()).isEqualTo(200);
        HttpResponse<String> blocked = get(search(), DOCTOR, PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(rule(blocked)).isEqualTo("record-reader-blocked");

        assertThat(patientSettings("PUT", "/emergency", "{\"refused\": true}").statusCode()).isEqualTo(200);
        HttpResponse<String> emergency = send("/fhir/Binary/" + imagingReport, PHARMACIST, "emergency", "inconscient");
        assertThat(emergency.statusCode()).isEqualTo(403);
        assertThat(rule(emergency)).isEqualTo("record-emergency-refused");
        assertThat(send(search(), REGULATOR, "regulator", "appel 15").statusCode()).isEqualTo(403);

        assertThat(patientSettings("DELETE", "/blocked/" + idNat(DOCTOR), "").statusCode()).isEqualTo(200);
        assertThat(get(search(), DOCTOR, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(31)
    void thePatientReadsTheirRecordWithoutWhatIsInvisibleToThem() throws Exception {
        JsonNode bundle = JSON.readTree(get(search(), PATIENT, PASSWORD).body());
        assertThat(ids(bundle)).containsExactlyInAnyOrder(labReport.toString(), imagingReport.toString(), masked.toString());
        assertThat(get("/fhir/Binary/" + invisibleToPatient, PATIENT, PASSWORD).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(32)
    void thePatientReadsTheAccessLogWithEveryModeAndJustification() throws Exception {
        HttpResponse<String> response = get("/records/access-log?patient=" + INS, PATIENT, PASSWORD);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(response.body()).path("entries");
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("reader").path("id").asText()).isEqualTo(idNat(PHARMACIST));
            assertThat(entry.path("mode").asText()).isEqualTo("emergency");
            assertThat(entry.path("justification").asText()).isEqualTo("patient inconscient à l'officine");
            assertThat(entry.path("document").path("title").asText()).isEqualTo("CR d'imagerie");
        });
        assertThat(entries).anySatisfy(entry -> assertThat(entry.path("mode").asText()).isEqualTo("regulator"));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("reader").path("id").asText()).isEqualTo(idNat(DOCTOR));
            assertThat(entry.path("action").asText()).isEqualTo("read");
        });
    }

    @Test
    @Order(33)
    void theGpTheyDeclaredReadsTheLogAndNoOtherProfessional() throws Exception {
        assertThat(get("/records/access-log?patient=" + INS, DOCTOR, PASSWORD).statusCode()).isEqualTo(403);
        assertThat(patientSettings("PUT", "/gp", "{\"idNat\": \"" + idNat(DOCTOR) + "\"}").statusCode()).isEqualTo(200);
        assertThat(get("/records/access-log?patient=" + INS, DOCTOR, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(get("/records/access-log?patient=" + INS, PHARMACIST, PASSWORD).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(40)
    void softwareWithTheClientCertificateOfItsBoxReadsBackWhatItDeposited() throws Exception {
        Path pki = caducee.server().pkiDir();
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        HttpClient software = presenting(root.issue(LeafRequest.builder(APP).serverAuth(false).clientAuth(true).build()));
        HttpResponse<String> response = software.send(request(search(), null).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids(JSON.readTree(response.body()))).containsExactly(labReport.toString());
        HttpResponse<String> superseded = software.send(request(search() + "&status=current,superseded", null).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(ids(JSON.readTree(superseded.body()))).containsExactlyInAnyOrder(labReport.toString(),
            supersededLab.toString());
    }

    @Test
    @Order(41)
    void aCertificateFromACaOutsideTheTrustAnchorsOpensNothing() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.createRoot("not a trust anchor",
            java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600));
        HttpClient client = presenting(stranger.issue(LeafRequest.builder(APP).serverAuth(false).clientAuth(true).build()));
        try {
            HttpResponse<String> response = client.send(request(search(), null).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        } catch (IOException refusedInTheHandshake) {
            // the TLS handshake refused it: nothing was read either
        }
    }

    @Test
    @Order(42)
    void aTrustedCertificateNamingNoBoxOfThisOperatorIs401() throws Exception {
        Path pki = caducee.server().pkiDir();
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        HttpClient client = presenting(root.issue(LeafRequest.builder("nobody@" + DOMAIN).serverAuth(false)
            .clientAuth(true).build()));
        HttpResponse<String> response = client.send(request(search(), null).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(43)
    void aTeamsBoxCannotReadARecord() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        String team = "equipe@" + DOMAIN;
        expect(admin.put("/directory/boxes/" + team, "{\"type\":\"ORG\",\"structure\":\"1" + SAMU_FINESS
            + "\",\"responsible\":\"" + idNat(DOCTOR) + "\"}"), 201);
        expect(admin.put("/directory/boxes/" + team + "/password", "{\"password\":\"" + PASSWORD + "\"}"), 204);
        HttpResponse<String> response = get(search(), team, PASSWORD);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(rule(response)).isEqualTo("record-reader-not-nominative");
    }

    @Test
    @Order(50)
    void everyAccessAndEveryRefusalIsInTheAuditTrail() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        HttpResponse<String> accesses = admin.get("/audit?decision=RECORD_ACCESSED&box=" + PHARMACIST);
        assertThat(accesses.body()).contains("\"rule\":\"record-read-emergency\"")
            .contains("patient inconscient").contains(INS);
        HttpResponse<String> refusals = admin.get("/audit?decision=REFUSED");
        assertThat(refusals.body()).contains("\"rule\":\"api-authentication-failed\"")
            .contains("\"rule\":\"record-emergency-refused\"").contains("\"via\":\"api\"");
    }

    // --- helpers

    /** A client presenting this certificate and trusting the server's development root. */
    static HttpClient presenting(IssuedCertificate certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", certificate.privateKey(), new char[0], certificate.chain().toArray(new X509Certificate[0]));
        SSLContext tls = ClientTls.presenting(keys, new char[0],
            Pem.readCertificate(caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE)));
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String search() {
        return "/fhir/DocumentReference?patient.identifier=" + enc("urn:oid:1.2.250.1.213.1.4.8|" + INS);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String basic(String login, String password) {
        return Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder request(String pathAndQuery, String credentials) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://localhost:"
            + caducee.server().ports().api() + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    static HttpResponse<String> get(String pathAndQuery, String login, String password) throws Exception {
        return https.send(request(pathAndQuery, login + ":" + password).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String pathAndQuery, String login, String mode, String justification) throws Exception {
        HttpRequest.Builder builder = request(pathAndQuery, login + ":" + PASSWORD).header("X-Access-Mode", mode);
        if (justification != null) {
            builder.header("X-Access-Justification", URLEncoder.encode(justification, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        }
        return https.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> patientSettings(String method, String rest, String body) throws Exception {
        return https.send(request("/records/settings" + rest, PATIENT + ":" + PASSWORD)
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String rule(HttpResponse<String> response) throws IOException {
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        return outcome.path("issue").get(0).path("details").path("coding").get(0).path("code").asText();
    }

    static List<String> ids(JsonNode bundle) {
        return bundle.path("entry").findValues("resource").stream().map(r -> r.path("id").asText()).toList();
    }

    static JsonNode entry(JsonNode bundle, UUID id) {
        return bundle.path("entry").findValues("resource").stream()
            .filter(r -> r.path("id").asText().equals(id.toString())).findFirst().orElseThrow();
    }

    static String idNat(String address) {
        return TestClients.WebAdmin.idNatFor(address);
    }

    static void professional(TestClients.WebAdmin admin, String address, String profession, String finess) throws Exception {
        String idNat = idNat(address);
        if (!address.equals(DOCTOR)) {
            expect(admin.put("/directory/professionals/" + idNat, "{\"lastName\":\"" + address.substring(0, address.indexOf('@'))
                + "\",\"professionCode\":\"" + profession + "\"}"), 201);
            expect(admin.put("/directory/boxes/" + address, "{\"type\":\"PER\",\"professional\":\"" + idNat + "\""
                + (finess == null ? "" : ",\"structure\":\"1" + finess + "\"") + "}"), 201);
            expect(admin.put("/directory/boxes/" + address + "/password", "{\"password\":\"" + PASSWORD + "\"}"), 204);
        } else {
            HttpResponse<String> updated = admin.put("/directory/professionals/" + idNat, "{\"lastName\":\"Roux\","
                + "\"firstName\":\"Anne\",\"professionCode\":\"10\",\"professionLabel\":\"Médecin\"}");
            assertThat(updated.statusCode()).as(updated.body()).isBetween(200, 204);
        }
    }

    static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    static UUID seed(String uniqueId, String setId, int version, String type, String title, String author,
                     String status, String depositedBy, String... confidentiality) throws Exception {
        return seed(uniqueId, setId, version, type, title, author, status, depositedBy,
            ("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>" + title + "</title></ClinicalDocument>")
                .getBytes(StandardCharsets.UTF_8), confidentiality);
    }

    static UUID seed(String uniqueId, String setId, int version, String type, String title, String author,
                     String status, String depositedBy, byte[] content, String... confidentiality) throws Exception {
        UUID id = UUID.randomUUID();
        Path store = caducee.server().dataDir().resolve("var/store");
        String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(store.resolve("postgres.port")).strip() + "/caducee";
        try (Connection connection = DriverManager.getConnection(url, "caducee",
                Files.readString(store.resolve("postgres.secret")).strip());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO record_document (id, unique_id, "
                 + "set_id, version, patient_ins, ins_authority, author_idnat, type_code, title, confidentiality, "
                 + "status, replaces, media_type, size, sha256, content, deposited_by, deposit_message_id) VALUES "
                 + "(?, ?, ?, ?, ?, '1.2.250.1.213.1.4.8', ?, ?, ?, ?, ?, ?, 'text/xml', ?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, uniqueId);
            insert.setString(3, setId);
            insert.setInt(4, version);
            insert.setString(5, INS);
            insert.setString(6, author);
            insert.setString(7, type);
            insert.setString(8, title);
            insert.setArray(9, connection.createArrayOf("text", confidentiality.length == 0 ? new String[] {"N"} : confidentiality));
            insert.setString(10, status);
            insert.setObject(11, version > 1 ? supersededLab : null);
            insert.setLong(12, content.length);
            insert.setBytes(13, MessageDigest.getInstance("SHA-256").digest(content));
            insert.setBytes(14, content);
            insert.setString(15, depositedBy);
            insert.setString(16, "<" + id + "@test>");
            insert.executeUpdate();
        }
        return id;
    }
}
