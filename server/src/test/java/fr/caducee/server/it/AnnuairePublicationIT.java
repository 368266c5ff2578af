package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.FakeAnnuaire;
import fr.caducee.testkit.FakeAnnuaire.Answer;
import fr.caducee.testkit.TestClients;
import fr.caducee.testkit.TestClients.WebAdmin;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/**
 * The boxes published to the national directory, end to end: the packaged server pointed at the test kit's fake of
 * the API MSSanté (HTTPS, client certificate required, the fake's certificate from the development root named by
 * {@code caducee.annuaire.caFile}); boxes created, changed and suspended over WebAdmin reach it as the guide's
 * conditional PATCH, compared with the guide's own examples (kept verbatim in identity's test resources); a patient's
 * box never does; an API that fails, refuses, or is stopped with the server, as the operator sees it on WebAdmin
 * ({@code GET /annuaire/publications}) and in the audit trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnuairePublicationIT {
    static final String DOMAIN = "annuaire.localhost";
    static final String PER = "claire.martin@" + DOMAIN;
    static final String ORG = "cardiologie@" + DOMAIN;
    static final String FINESS = "123456782";
    static final String GUIDE_ADDRESS = "prenom.nom@domain.mssante.fr";
    static final String TYPE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL";
    static final Path GUIDE = CaduceeProcess.repositoryRoot()
        .resolve("identity/src/test/resources/annuaire/ans/spec-technique-flux-alimentation.md");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int API_PORT = CaduceeProcess.freePort();
    static final Duration WAIT = Duration.ofSeconds(60);

    static Path folder;
    static CaduceeProcess server;
    static FakeAnnuaire annuaire;
    static WebAdmin admin;

    @BeforeAll
    static void startTheServerAndTheApi() throws Exception {
        folder = Files.createTempDirectory("caducee-it-");
        Path data = folder.resolve("server");
        server = CaduceeProcess.start(data, Map.of(
            "caducee.demo", "false",
            "caducee.defaultDomain", DOMAIN,
            "caducee.annuaire.url", "https://localhost:" + API_PORT + FakeAnnuaire.BASE_PATH,
            "caducee.annuaire.caFile", data.resolve("pki").resolve(DevPki.ROOT_CERTIFICATE_FILE).toString(),
            "caducee.annuaire.retrySeconds", "1",
            "caducee.annuaire.retryMaxSeconds", "2",
            "caducee.annuaire.timeoutSeconds", "5"), "AnnuairePublicationIT");
        // The API's certificate for localhost from the development root, which also issued the server's own: the
        // client certificate the fake requires.
        CertificateAuthority root = CertificateAuthority.load(server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE),
            server.pkiDir().resolve(DevPki.ROOT_KEY_FILE));
        annuaire = FakeAnnuaire.start(TestClients.peer(server, root.issue(LeafRequest.builder("localhost")
            .dnsName("localhost").serverAuth(true).clientAuth(false).build())), API_PORT);
        admin = new WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addDomain("patient." + DOMAIN);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (annuaire != null) {
            annuaire.close();
        }
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void aPerBoxCreatedOverWebAdminReachesTheApiAsTheGuidesInsert() throws Exception {
        String idNat = professional(PER, "MARTIN", "Claire");
        WebAdmin.expect(201, admin.put("/directory/boxes/" + PER, "{\"type\":\"PER\",\"professional\":\"" + idNat + "\"}"));

        FakeAnnuaire.Request request = awaitRequests(PER, 1).get(0);

        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/fhir/v2/Practitioner");
        assertThat(request.parameters()).containsExactly(Map.entry("identifier", "urn:oid:1.2.250.1.71.4.2.1|" + idNat));
        assertThat(request.rawQuery()).isEqualTo("identifier=urn%3Aoid%3A1.2.250.1.71.4.2.1%7C" + idNat);
        assertThat(request.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
            .startsWith("application/fhir+json"));
        assertThat(request.client()).hasValueSatisfying(certificate -> assertThat(certificate.getSubjectX500Principal()
            .getName()).contains("CN=caducee.localhost"));
        assertThat(request.json()).isEqualTo(guideExample("ajout d'une BAL PER", PER));
        awaitState(PER, "published");
        assertThat(publication(PER).path("operation").asText()).isEqualTo("insert");
    }

    @Test
    @Order(2)
    void itsListeRougeChangedIsTheGuidesReplaceOfTheWholeTelecom() throws Exception {
        WebAdmin.expect(200, admin.put("/directory/boxes/" + PER, "{\"type\":\"PER\",\"professional\":\""
            + WebAdmin.idNatFor(PER) + "\",\"listeRouge\":true}"));

        FakeAnnuaire.Request request = awaitRequests(PER, 2).get(1);

        assertThat(request.operations()).containsExactly("replace");
        assertThat(request.json()).isEqualTo(guideExample("mise à jour de l'attribut telecom en entier", PER));
        assertThat(annuaire.telecom(PER).orElseThrow().toString()).contains("{\"url\":\"listeRouge\",\"valueBoolean\":true}");
    }

    @Test
    @Order(3)
    void aSuspendedBoxIsTheGuidesDelete() throws Exception {
        WebAdmin.expect(204, admin.post("/directory/boxes/" + PER + "/suspend", ""));

        FakeAnnuaire.Request request = awaitRequests(PER, 3).get(2);

        assertThat(request.operations()).containsExactly("delete");
        assertThat(request.json()).isEqualTo(guideExample("suppression d'une BAL PER", PER));
        assertThat(annuaire.telecom(PER)).isEmpty();
        awaitState(PER, "published");
        assertThat(publication(PER).path("operation").asText()).isEqualTo("delete");
    }

    @Test
    @Order(4)
    void anOrgBoxIsPublishedOnItsOrganizationWithItsServiceAndResponsible() throws Exception {
        String responsible = WebAdmin.idNatFor(PER);
        WebAdmin.expect(201, admin.put("/directory/structures/1" + FINESS, "{\"name\":\"CHU Annuaire\"}"));
        WebAdmin.expect(201, admin.put("/directory/boxes/" + ORG, "{\"type\":\"ORG\",\"structure\":\"1" + FINESS
            + "\",\"responsible\":\"" + responsible + "\",\"service\":\"Cardiologie\"}"));

        FakeAnnuaire.Request request = awaitRequests(ORG, 1).get(0);

        assertThat(request.path()).isEqualTo("/fhir/v2/Organization");
        assertThat(request.parameters()).containsExactly(Map.entry("identifier", "urn:oid:1.2.250.1.71.4.2.2|1" + FINESS));
        assertThat(request.operations()).containsExactly("insert");
        String held = annuaire.telecom(ORG).orElseThrow().toString();
        assertThat(held).contains("\"code\":\"ORG\"").contains("{\"url\":\"service\",\"valueString\":\"Cardiologie\"}")
            .contains("{\"url\":\"responsible\",\"valueString\":\"Claire MARTIN (idNat " + responsible + ")\"}");
    }

    @Test
    @Order(5)
    void aPatientsBoxIsNeverPublished() throws Exception {
        String ins = "146026322000196";
        String patientBox = ins + "@patient." + DOMAIN;
        WebAdmin.expect(201, admin.put("/directory/patients/" + ins, "{\"lastName\":\"DURAND\",\"domain\":\"" + DOMAIN + "\"}"));
        // A box created after the patient's is published: the worker went past any change of the patient's.
        String after = "paul.durand@" + DOMAIN;
        WebAdmin.expect(201, admin.put("/directory/boxes/" + after, "{\"type\":\"PER\",\"professional\":\""
            + professional(after, "DURAND", "Paul") + "\"}"));
        awaitRequests(after, 1);
        awaitState(after, "published");

        assertThat(annuaire.requests()).noneSatisfy(request -> assertThat(request.body()).contains(ins));
        assertThat(list(null).path("publications")).noneSatisfy(row -> assertThat(row.path("box").asText())
            .isEqualTo(patientBox));
    }

    @Test
    @Order(6)
    void anUnavailableApiDefersThePublicationWhichIsRetriedAndPublished() throws Exception {
        String box = "retry.me@" + DOMAIN;
        awaitNothingPending();
        annuaire.answer(Answer.unavailable());
        WebAdmin.expect(201, admin.put("/directory/boxes/" + box, "{\"type\":\"PER\",\"professional\":\""
            + professional(box, "RETRY", "Me") + "\"}"));

        List<FakeAnnuaire.Request> requests = awaitRequests(box, 2);

        assertThat(requests).extracting(FakeAnnuaire.Request::operations)
            .containsExactly(List.of("insert"), List.of("delete", "insert"));
        awaitState(box, "published");
        JsonNode row = publication(box);
        assertThat(row.path("attempts").asInt()).isEqualTo(2);
        assertThat(row.path("status").asInt()).isEqualTo(200);
        assertThat(rules(box)).containsExactly("annuaire-deferred", "annuaire-published");
        assertThat(audit(box).get(0).path("reason").asText()).contains("answered 503").contains("attempt 1");
    }

    @Test
    @Order(7)
    void aRefusalIsListedWithItsOperationOutcomeAndAudited() throws Exception {
        String box = "unknown.rpps@" + DOMAIN;
        awaitNothingPending();
        annuaire.answer(Answer.outcome(422, "business-rule", "Le professionnel n'est pas connu de l'Annuaire Santé"));
        WebAdmin.expect(201, admin.put("/directory/boxes/" + box, "{\"type\":\"PER\",\"professional\":\""
            + professional(box, "UNKNOWN", "Rpps") + "\"}"));

        awaitRequests(box, 1);
        awaitState(box, "refused");

        JsonNode refused = list("refused").path("publications");
        assertThat(refused).anySatisfy(row -> {
            assertThat(row.path("box").asText()).isEqualTo(box);
            assertThat(row.path("status").asInt()).isEqualTo(422);
            assertThat(row.path("outcome").asText())
                .isEqualTo("error business-rule: Le professionnel n'est pas connu de l'Annuaire Santé");
        });
        assertThat(list("refused").path("counts").path("refused").asInt()).isEqualTo(1);
        assertThat(rules(box)).containsExactly("annuaire-refused");
        assertThat(audit(box).get(0).path("via").asText()).isEqualTo("annuaire");

        // Its cause fixed at the Annuaire, the operator sends it again.
        WebAdmin.expect(202, admin.post("/annuaire/republish?box=" + box, ""));
        assertThat(awaitRequests(box, 2).get(1).operations()).containsExactly("delete", "insert");
        awaitState(box, "published");
    }

    @Test
    @Order(8)
    void republishingSendsEveryBoxOfTheDirectoryAgain() throws Exception {
        awaitNothingPending();
        int before = annuaire.requestsAbout(ORG).size();

        var answer = admin.post("/annuaire/republish", "");

        WebAdmin.expect(202, answer);
        assertThat(JSON.readTree(answer.body()).path("boxes").asInt()).as("the record's box and the five made here").isEqualTo(6);
        assertThat(awaitRequests(ORG, before + 1).get(before).operations()).containsExactly("delete", "insert");
        assertThat(awaitRequests(PER, 4).get(3).operations()).as("suspended").containsExactly("delete");
        awaitNothingPending();
        assertThat(annuaire.telecom(ORG)).isPresent();
        assertThat(annuaire.telecom(PER)).isEmpty();
    }

    @Test
    @Order(9)
    void aPublicationPendingWhenTheServerStopsIsSentAfterItStartsAgain() throws Exception {
        String box = "after.restart@" + DOMAIN;
        awaitNothingPending();
        Answer[] down = new Answer[100];
        Arrays.fill(down, Answer.unavailable());
        annuaire.answer(down);
        WebAdmin.expect(201, admin.put("/directory/boxes/" + box, "{\"type\":\"PER\",\"professional\":\""
            + professional(box, "RESTART", "After") + "\"}"));
        awaitRequests(box, 1);
        awaitState(box, "pending");

        server.stop();
        annuaire.reset();
        server.startAgain();

        List<FakeAnnuaire.Request> afterRestart = awaitRequests(box, 1);
        // The first insert was not answered by a decision: whether the Annuaire holds the box is unknown.
        assertThat(afterRestart.get(0).operations()).containsExactly("delete", "insert");
        awaitState(box, "published");
        assertThat(publication(box).path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(annuaire.telecom(box)).isPresent();
    }

    private static String professional(String box, String lastName, String firstName) throws Exception {
        String idNat = WebAdmin.idNatFor(box);
        WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat, "{\"title\":\"DR\",\"lastName\":\""
            + lastName + "\",\"firstName\":\"" + firstName + "\",\"professionCode\":\"10\"}"));
        return idNat;
    }

    private static List<FakeAnnuaire.Request> awaitRequests(String box, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
            .until(() -> annuaire.requestsAbout(box).size() >= count);
        return annuaire.requestsAbout(box);
    }

    private static void awaitState(String box, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(() -> publication(box).path("state").asText().equals(state));
    }

    private static void awaitNothingPending() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(() -> list(null).path("counts").path("pending").asInt() == 0);
    }

    private static JsonNode list(String state) throws Exception {
        var response = admin.get("/annuaire/publications" + (state == null ? "" : "?state=" + state));
        WebAdmin.expect(200, response);
        return JSON.readTree(response.body());
    }

    private static JsonNode publication(String box) throws Exception {
        for (JsonNode row : list(null).path("publications")) {
            if (row.path("box").asText().equals(box)) {
                return row;
            }
        }
        throw new AssertionError(box + " is not among the publications");
    }

    private static List<JsonNode> audit(String box) throws Exception {
        var response = admin.get("/audit?decision=PUBLISHED&box=" + URLEncoder.encode(box, StandardCharsets.UTF_8));
        WebAdmin.expect(200, response);
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(response.body()).forEach(records::add);
        return records;
    }

    private static List<String> rules(String box) throws Exception {
        return audit(box).stream().map(record -> record.path("rule").asText()).toList();
    }

    /**
     * The guide's example under {@code #### Exemple — <title>} (the page on writes, verbatim), for our box: its
     * address instead of the guide's, and the box's type as the extension defines it (a CodeableConcept of
     * TRE_R257-TypeBAL, where the page writes a bare valueCode; see identity's BoxPatchTest).
     */
    static JsonNode guideExample(String title, String address) throws Exception {
        List<String> lines = Files.readAllLines(GUIDE);
        int line = lines.indexOf("#### Exemple — " + title);
        while (!lines.get(line).startsWith("```")) {
            line++;
        }
        StringBuilder json = new StringBuilder();
        for (line++; !lines.get(line).startsWith("```"); line++) {
            if (json.length() > 0 || lines.get(line).startsWith("{")) {
                json.append(lines.get(line)).append('\n');
            }
        }
        JsonNode example = JSON.readTree(json.toString().replace(GUIDE_ADDRESS, address));
        for (JsonNode part : example.findParents("url")) {
            if (part.path("url").asText().equals("type") && part.has("valueCode")) {
                String code = ((ObjectNode) part).remove("valueCode").asText();
                ArrayNode coding = ((ObjectNode) part).putObject("valueCodeableConcept").putArray("coding");
                coding.addObject().put("system", TYPE_SYSTEM).put("code", code);
            }
        }
        return example;
    }
}
