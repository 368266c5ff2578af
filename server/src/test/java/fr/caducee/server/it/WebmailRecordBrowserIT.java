package fr.caducee.server.it;

import static fr.caducee.domain.documents.AnsSamples.Sample.DRIMM_IMAGING;
import static fr.caducee.domain.documents.AnsSamples.Sample.IMAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import javax.activation.DataHandler;
import javax.mail.Header;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.documents.XdmEntry;
import fr.caducee.domain.documents.XdmFixtures;
import fr.caducee.domain.documents.XdmMetadata;
import fr.caducee.server.it.browser.Accessibility;
import fr.caducee.server.it.browser.Browser;
import fr.caducee.server.it.browser.BrowserExtension;
import fr.caducee.server.it.browser.Layout360;
import fr.caducee.server.it.browser.QrCodes;
import fr.caducee.server.it.browser.Screenshots;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.StubRelay;
import fr.caducee.testkit.TestClients;
import fr.caducee.testkit.Totp;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/**
 * The shared record as a patient meets it in the webmail, in headless Chromium against the packaged server: a
 * radiologist deposits ANS's reports by secure mail to the record's box; the patient, logged in with their
 * authenticator app, finds them on {@code /documents} and downloads one (its PDF, or the CDA when it has none); the
 * access log shows the patient's own reads and the reads professionals made over the record's HTTPS API; the choices
 * made on {@code /reglages} (emergency access refused, a professional blocked) are the ones that API applies. A
 * mother recorded as her daughter's legal representative opens the daughter's box and sees her messages and
 * documents, but nothing of a document hidden from legal representatives; a box she does not represent is refused.
 * A notice reaches the personal address given on the settings page through a stub outbound relay, and says nothing
 * of the message. Every page of the record is checked with axe-core (WCAG 2.1 AA) and at 360 px.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebmailRecordBrowserIT {
    static final String DOMAIN = "dossier-webmail.localhost";
    static final String RECORD_BOX = "dmp@" + DOMAIN;
    static final String RECORD_STRUCTURE = "750000051";
    static final String IMAGING_FINESS = "130000094";
    static final String PASSWORD = "mot de passe du dossier 2026";
    /** Eric THOMAS, the radiologist of ANS's imaging report, who deposits from his own box. */
    static final String RADIOLOGIST = "dr.thomas@" + DOMAIN;
    /** A doctor of the emergency department, who reads the record over the API. */
    static final String EMERGENCY_DOCTOR = "dr.moreau@" + DOMAIN;
    static final String EMERGENCY_DOCTOR_IDNAT = TestClients.WebAdmin.idNatFor(EMERGENCY_DOCTOR);
    /** PAT-TROIS DOMINIQUE, ANS's test patient, whose documents ANS's samples are. */
    static final String MOTHER_INS = AnsSamples.PATIENT_INS;
    static final String MOTHER = MOTHER_INS + "@patient." + DOMAIN;
    /** Her daughter, whom she represents. */
    static final String DAUGHTER_INS = "215067512345674";
    static final String DAUGHTER = DAUGHTER_INS + "@patient." + DOMAIN;
    /** A patient of the same operator whom the mother does not represent. */
    static final String STRANGER_INS = "146026322000196";
    static final String PERSONAL_ADDRESS = "avis.sante@exemple.fr";
    static final String DAUGHTERS_REPORT = "Radio du poignet";
    static final String HIDDEN_REPORT = "Échographie pelvienne";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final ServerWithRelay caducee = new ServerWithRelay();

    @RegisterExtension
    @Order(2)
    static final BrowserExtension browsers = new BrowserExtension(builder -> builder
        .baseUrl("https://localhost:" + caducee.server().ports().webmail())
        .trustingKeystore(caducee.server().pkiDir().resolve(DevPki.SERVER_KEYSTORE_FILE),
            caducee.server().pkiDir().resolve(DevPki.SECRET_FILE)));

    static Browser browser;
    static HttpClient https;
    /** The record's ids (as the API and the webmail's links give them) of the documents deposited. */
    static String hipReport;
    static String drimmReport;
    static String daughtersReport;
    static String hiddenReport;

    @BeforeAll
    static void registerThePeopleAndDepositTheirDocuments() throws Exception {
        browser = browsers.browser();
        https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
            .connectTimeout(Duration.ofSeconds(10)).build();
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        admin.addDomain("patient." + DOMAIN);
        TestClients.WebAdmin.expect(201, admin.put("/directory/structures/1" + IMAGING_FINESS,
            "{\"name\":\"Centre d'imagerie des Tilleuls\"}"));
        professional(admin, AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS", "Eric");
        box(admin, RADIOLOGIST, AnsSamples.IMAGING_AUTHOR_REGISTRABLE, IMAGING_FINESS);
        professional(admin, AnsSamples.DRIMM_AUTHOR, "BIDEAULT", "Jacques");
        professional(admin, EMERGENCY_DOCTOR_IDNAT, "MOREAU", "Claire");
        box(admin, EMERGENCY_DOCTOR, EMERGENCY_DOCTOR_IDNAT, null);
        patient(admin, MOTHER_INS, "PAT-TROIS", "DOMINIQUE", AnsSamples.PATIENT_BIRTH_DATE);
        patient(admin, DAUGHTER_INS, "PAT-TROIS", "CAMILLE", "2015-06-14");
        patient(admin, STRANGER_INS, "DURAND", "Paul", "1946-02-14");
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + DAUGHTER_INS + "/representatives/"
            + MOTHER_INS, ""));

        // The mother's record: ANS's hip X-ray report (a level-1 CDA around its PDF) and DRIMM-M's imaging report
        // (its header only: no PDF).
        deposit("XDM/1.0/DDM+Radio de hanche PAT-TROIS DOMINIQUE",
            AnsSamples.xdm(AnsSamples.registrable(IMAGING), AnsSamples.registrable(DRIMM_IMAGING)));
        // The daughter's: the same kind of report for her, and one hidden from her legal representatives.
        deposit("XDM/1.0/DDM+Radio du poignet PAT-TROIS CAMILLE", AnsSamples.xdm(daughters(DAUGHTERS_REPORT, "1")));
        deposit("XDM/1.0/DDM+Compte rendu PAT-TROIS CAMILLE", hiddenFromRepresentatives(daughters(HIDDEN_REPORT, "2")));

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
            documents(MOTHER_INS, RADIOLOGIST).size() == 2 && documents(DAUGHTER_INS, RADIOLOGIST).size() == 2);
        Map<String, JsonNode> mothers = documents(MOTHER_INS, RADIOLOGIST);
        hipReport = mothers.get("urn:oid:" + IMAGING.uniqueId()).path("id").asText();
        drimmReport = mothers.get("urn:oid:" + DRIMM_IMAGING.uniqueId()).path("id").asText();
        Map<String, JsonNode> daughters = documents(DAUGHTER_INS, RADIOLOGIST);
        daughtersReport = daughters.get("urn:oid:" + IMAGING.uniqueId() + "1").path("id").asText();
        hiddenReport = daughters.get("urn:oid:" + IMAGING.uniqueId() + "2").path("id").asText();
    }

    @Test
    @Order(1)
    void thePatientLogsInWithTheirAppAndFindsTheDocumentsOfTheirRecord() {
        logIn(MOTHER);

        browser.follow("Documents");

        assertThat(browser.status()).hasValue(200);
        assertThat(browser.path()).isEqualTo("/documents");
        WebElement hip = row("Radio de hanche");
        assertThat(cell(hip, "Type")).isEqualTo("Compte rendu d'imagerie");
        assertThat(cell(hip, "Auteur")).contains("Eric THOMAS").contains("Médecin")
            .contains("Centre d'imagerie des Tilleuls");
        assertThat(cell(hip, "Téléchargement")).isEqualTo("Télécharger Radio de hanche (PDF)");
        WebElement drimm = row("CR d’imagerie médicale");
        assertThat(cell(drimm, "Auteur")).contains("Jacques BIDEAULT");
        assertThat(cell(drimm, "Téléchargement")).isEqualTo("Télécharger CR d’imagerie médicale (CDA)");
        assertThat(browser.findAll(By.cssSelector("tbody tr"))).hasSize(2);
        checkPage("la liste des documents");
        Screenshots.fullPage(browser, "webmail-documents");
        browser.viewport(Browser.PHONE);
        Screenshots.fullPage(browser, "webmail-documents-telephone");
        browser.viewport(Browser.DESKTOP);
    }

    @Test
    @Order(2)
    void aDocumentIsDownloadedAsItsPdfOrAsTheCdaWhenItHasNone() throws Exception {
        browser.open("/documents");

        browser.follow("Télécharger Radio de hanche (PDF)");
        byte[] pdf = Files.readAllBytes(browser.awaitDownload("Radio de hanche.pdf", PATIENCE));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        browser.follow("Télécharger CR d’imagerie médicale (CDA)");
        byte[] cda = Files.readAllBytes(awaitNewDownload(".xml"));
        assertThat(cda).isEqualTo(AnsSamples.registrable(DRIMM_IMAGING));
        assertThat(browser.path()).isEqualTo("/documents");
    }

    @Test
    @Order(3)
    void emergencyAccessRefusedOnTheSettingsPageIsRefusedByTheRecordApiUntilAllowedAgain() throws Exception {
        browser.open("/documents").follow("Réglages");
        assertThat(browser.find(By.id("urgence-oui")).isSelected()).isTrue();

        browser.find(By.cssSelector("label[for=urgence-non]")).click();
        browser.press("Enregistrer mon choix");

        assertThat(browser.path()).isEqualTo("/reglages");
        assertThat(browser.text()).contains("L'accès en urgence au dossier est refusé");
        assertThat(browser.find(By.id("urgence-non")).isSelected()).isTrue();
        HttpResponse<String> refused = emergencyRead(hipReport, "douleur thoracique, patiente inconsciente");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(rule(refused)).isEqualTo("record-emergency-refused");

        browser.find(By.cssSelector("label[for=urgence-oui]")).click();
        browser.press("Enregistrer mon choix");

        assertThat(browser.text()).contains("L'accès en urgence au dossier est autorisé.");
        HttpResponse<String> read = emergencyRead(hipReport, "douleur thoracique, patiente inconsciente");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(audit(MOTHER, "WEBMAIL_ACTION")).anySatisfy(record -> {
            assertThat(record.path("rule").asText()).isEqualTo("webmail-settings-changed");
            assertThat(record.path("login").asText()).isEqualTo(MOTHER);
            assertThat(record.path("reason").asText()).contains("emergency access refused");
        });
    }

    @Test
    @Order(4)
    void aProfessionalBlockedOnTheSettingsPageIsRefusedByTheRecordApiUntilUnblocked() throws Exception {
        assertThat(api("/fhir/Binary/" + hipReport, EMERGENCY_DOCTOR).statusCode()).isEqualTo(200);
        browser.open("/reglages");

        // The RPPS number as printed on a prescription: the idNat without its leading 8.
        browser.fill("idnat", EMERGENCY_DOCTOR_IDNAT.substring(1)).press("Bloquer ce professionnel");

        assertThat(browser.path()).isEqualTo("/reglages");
        assertThat(browser.text()).contains("Blocage enregistré : Dr Claire MOREAU ne peut plus consulter le dossier.");
        HttpResponse<String> blocked = api("/fhir/Binary/" + hipReport, EMERGENCY_DOCTOR);
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(403);
        assertThat(rule(blocked)).isEqualTo("record-reader-blocked");
        checkPage("les réglages, un professionnel bloqué");
        Screenshots.fullPage(browser, "webmail-reglages");

        browser.press("Débloquer Dr Claire MOREAU");

        assertThat(browser.text()).contains("Blocage levé : Dr Claire MOREAU peut de nouveau consulter le dossier")
            .contains("Aucun professionnel n'est bloqué.");
        assertThat(api("/fhir/Binary/" + hipReport, EMERGENCY_DOCTOR).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aNumberNoProfessionalHasIsRefusedWithWhatWasTypedKept() {
        browser.open("/reglages").fill("idnat", "123 456 789 0").press("Bloquer ce professionnel");

        assertThat(browser.status()).hasValue(400);
        assertThat(browser.text()).contains("n'est pas un numéro RPPS (11 chiffres) ou ADELI (9 chiffres) valide")
            .contains("Code : webmail-form-invalid");
        assertThat(browser.find(By.id("idnat")).getDomProperty("value")).isEqualTo("123 456 789 0");
        checkPage("les réglages, un numéro refusé");
    }

    @Test
    @Order(6)
    void theAccessLogShowsThePatientsOwnReadsAndTheProfessionalsReadsOverTheApi() {
        browser.open("/documents").follow("Qui a consulté mon dossier");

        assertThat(browser.path()).isEqualTo("/acces");
        List<WebElement> rows = browser.findAll(By.cssSelector("tbody tr"));
        assertThat(rows).anySatisfy(row -> {
            assertThat(cell(row, "Qui")).contains("Claire MOREAU");
            assertThat(cell(row, "Mode d'accès")).isEqualTo("Accès en urgence (bris de glace)");
            assertThat(cell(row, "Document")).isEqualTo("Radio de hanche");
            assertThat(cell(row, "Justification")).isEqualTo("douleur thoracique, patiente inconsciente");
        });
        assertThat(rows).anySatisfy(row -> {
            assertThat(cell(row, "Qui")).contains("Claire MOREAU");
            assertThat(cell(row, "Mode d'accès")).isEqualTo("Accès normal");
            assertThat(cell(row, "Document")).isEqualTo("Radio de hanche");
        });
        assertThat(rows).anySatisfy(row -> {
            assertThat(cell(row, "Qui")).contains("DOMINIQUE PAT-TROIS");
            assertThat(cell(row, "Mode d'accès")).isEqualTo("Consultation par le patient ou son représentant légal");
            assertThat(cell(row, "Document")).isEqualTo("CR d’imagerie médicale");
        });
        checkPage("le journal des accès");
        Screenshots.viewport(browser, "webmail-acces");
    }

    @Test
    @Order(7)
    void aMotherOpensHerDaughtersBoxAndFindsNothingOfTheDocumentHiddenFromLegalRepresentatives() throws Exception {
        String subject = "Rendez-vous de contrôle " + UUID.randomUUID();
        MailClient mail = new MailClient(caducee.server());
        mail.send(RADIOLOGIST, PASSWORD, DAUGHTER, subject, "Le contrôle du poignet est prévu dans six semaines.");
        mail.awaitDelivered(DAUGHTER, PASSWORD, subject);
        // The hidden document is in the record, marked so, and a professional reads it.
        Map<String, JsonNode> record = documents(DAUGHTER_INS, EMERGENCY_DOCTOR);
        assertThat(record).hasSize(2);
        assertThat(record.get("urn:oid:" + IMAGING.uniqueId() + "2").path("securityLabel").toString())
            .contains(ConfidentialityCodes.INVISIBLE_REP_LEGAUX);
        assertThat(api("/fhir/Binary/" + hiddenReport, EMERGENCY_DOCTOR).statusCode()).isEqualTo(200);

        browser.open("/reglages").follow("Choisir la boîte à consulter (la mienne ou celle d'un enfant que je représente)");
        assertThat(browser.path()).isEqualTo("/boites");
        assertThat(browser.find(By.id("boite-" + MOTHER_INS)).isSelected()).isTrue();
        checkPage("le choix de la boîte");
        Screenshots.fullPage(browser, "webmail-boites");
        browser.find(By.cssSelector("label[for=boite-" + DAUGHTER_INS + "]")).click();
        browser.press("Ouvrir cette boîte");

        assertThat(browser.path()).startsWith("/conversations");
        assertThat(browser.text()).contains("Vous consultez maintenant la boîte de CAMILLE PAT-TROIS.")
            .contains("vous consultez la boîte de CAMILLE PAT-TROIS en tant que représentant légal")
            .contains(subject);
        List<String> conversations = browser.findAll(By.cssSelector("h2.line-title a")).stream()
            .map(link -> link.getAttribute("href")).toList();
        assertThat(conversations).isNotEmpty();
        for (String conversation : conversations) {
            browser.open(conversation);
            assertThat(browser.status()).hasValue(200);
            assertThat(browser.text()).as(conversation).doesNotContain(HIDDEN_REPORT);
        }

        browser.open("/documents");
        assertThat(browser.text()).contains("en tant que représentant légal").contains(DAUGHTERS_REPORT)
            .doesNotContain(HIDDEN_REPORT);
        assertThat(browser.findAll(By.cssSelector("tbody tr"))).hasSize(1);
        assertThat(browser.findAll(By.cssSelector("a[href='/documents/" + hiddenReport + "']"))).isEmpty();
        checkPage("les documents de l'enfant");

        browser.open("/documents/" + hiddenReport);
        assertThat(browser.status()).hasValue(404);
        assertThat(browser.text()).contains("Ce document n'est pas dans le dossier").contains("Code : webmail-not-found");
        checkPage("le refus d'un document caché aux représentants");

        browser.open("/acces");
        assertThat(browser.text()).contains("Claire MOREAU").doesNotContain(HIDDEN_REPORT);

        assertThat(audit(MOTHER, "WEBMAIL_ACTION")).anySatisfy(entry -> {
            assertThat(entry.path("rule").asText()).isEqualTo("webmail-box-opened");
            assertThat(entry.path("login").asText()).isEqualTo(MOTHER);
            assertThat(entry.path("reason").asText()).contains(DAUGHTER);
        });
        backToOwnBox();
    }

    @Test
    @Order(8)
    void aBoxTheMotherDoesNotRepresentIsRefusedEvenWhenTheFormIsEdited() throws Exception {
        ownBox();
        browser.open("/boites");
        WebElement daughter = browser.find(By.id("boite-" + DAUGHTER_INS));
        // What a hand-edited form sends: the daughter's radio button given another patient's INS.
        browser.script("arguments[0].value = arguments[1]; arguments[0].checked = true;", daughter, STRANGER_INS);

        browser.press("Ouvrir cette boîte");

        assertThat(browser.status()).hasValue(403);
        assertThat(browser.text()).contains("Boîte non accessible")
            .contains("L'annuaire ne vous enregistre pas comme représentant légal de ce patient")
            .contains("Code : webmail-not-representative").doesNotContain("DURAND");
        checkPage("le refus d'une boîte non représentée");
        List<JsonNode> refusals = audit(MOTHER, "REFUSED");
        assertThat(refusals).anySatisfy(entry -> {
            assertThat(entry.path("rule").asText()).isEqualTo("webmail-not-representative");
            assertThat(entry.path("login").asText()).isEqualTo(MOTHER);
        });
        // Only what the patient did is refused: nothing the browser asks for by itself (an icon).
        assertThat(refusals).extracting(entry -> entry.path("reason").asText())
            .allMatch(reason -> reason.startsWith("403 POST /boites") || reason.startsWith("400 POST /reglages/bloquer")
                || reason.startsWith("404 GET /documents/"), "a page the patient asked for");
        browser.follow("Revenir au choix de la boîte");
        assertThat(browser.text()).contains("Boîte de DOMINIQUE PAT-TROIS");
    }

    @Test
    @Order(9)
    void aNoticeReachesThePersonalAddressGivenOnTheSettingsPageAndSaysNothingOfTheMessage() throws Exception {
        ownBox();
        browser.open("/reglages").fill("adresse", PERSONAL_ADDRESS).press("Enregistrer l'adresse");
        assertThat(browser.text()).contains("Les avis seront envoyés à " + PERSONAL_ADDRESS + ".");
        assertThat(browser.find(By.id("adresse")).getDomProperty("value")).isEqualTo(PERSONAL_ADDRESS);
        checkPage("les réglages, une adresse d'avis donnée");

        String subject = "Résultat de la biopsie mammaire " + UUID.randomUUID();
        new MailClient(caducee.server()).send(RADIOLOGIST, PASSWORD, MOTHER, subject,
            "Madame, la biopsie montre un carcinome canalaire ; le Dr Thomas vous rappellera.");

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> noticesTo(PERSONAL_ADDRESS).size() == 1);
        StubRelay.Received notice = noticesTo(PERSONAL_ADDRESS).get(0);
        assertThat(notice.overTls()).isTrue();
        MimeMessage read = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(notice.data().getBytes(StandardCharsets.UTF_8)));
        assertThat(read.getSubject()).isEqualTo("Du nouveau sur votre messagerie santé");
        String text = (String) read.getContent();
        assertThat(text).contains("https://localhost:" + caducee.server().ports().webmail() + "/");
        List<String> lines = new ArrayList<>(List.of(notice.data().split("\r\n")));
        for (Enumeration<Header> headers = read.getAllHeaders(); headers.hasMoreElements(); ) {
            Header header = headers.nextElement();
            lines.add(header.getName() + ": " + MimeUtility.decodeText(header.getValue()));
        }
        lines.addAll(List.of(text.split("\r?\n")));
        for (String secret : List.of(subject, "biopsie", "carcinome", "mammaire", "Thomas", RADIOLOGIST, DOMAIN,
                MOTHER_INS, "PAT-TROIS", "Radio de hanche")) {
            assertThat(lines).as(secret).noneMatch(line -> line.toLowerCase().contains(secret.toLowerCase()));
        }
        // Past the notice worker's next round (every 5 s): the message is told once.
        Thread.sleep(6_000);
        assertThat(noticesTo(PERSONAL_ADDRESS)).hasSize(1);
    }

    // --- the browser

    /** Password, then the first login's enrolment of an authenticator app from the QR code, then the recovery codes. */
    private static void logIn(String address) {
        browser.open("/connexion").fill("adresse", address).fill("motdepasse", PASSWORD).press("Se connecter");
        assertThat(browser.path()).isEqualTo("/connexion/enrolement");
        Totp app = Totp.fromOtpauthUri(QrCodes.read(browser.find(By.cssSelector(".qr svg"))));
        Instant now = Instant.now();
        assertThat(app.code(now)).isEqualTo(Totp.fromBase32(browser.find(By.cssSelector("code.secret")).getText())
            .code(now));
        browser.fill("code", app.now()).press("Valider");
        assertThat(browser.path()).isEqualTo("/connexion/codes-de-secours");
        browser.follow("J'ai noté mes codes, continuer");
        assertThat(browser.path()).startsWith("/conversations");
    }

    /** Back to the mother's own box if an earlier test left her in her daughter's. */
    private static void ownBox() {
        browser.open("/boites");
        if (!browser.find(By.id("boite-" + MOTHER_INS)).isSelected()) {
            backToOwnBox();
        }
    }

    private static void backToOwnBox() {
        browser.open("/boites").find(By.cssSelector("label[for=boite-" + MOTHER_INS + "]")).click();
        browser.press("Ouvrir cette boîte");
        assertThat(browser.text()).contains("Vous consultez votre propre boîte.");
    }

    /** WCAG 2.1 AA with axe-core, then usable at 360 px. */
    private static void checkPage(String page) {
        Accessibility.assertNoViolations(browser, page);
        Layout360.assertUsableAt360(browser, page);
    }

    /** The row of a table whose header cell (the document's title, or the date) is {@code heading}. */
    private static WebElement row(String heading) {
        return browser.findAll(By.cssSelector("tbody tr")).stream()
            .filter(row -> row.findElement(By.cssSelector("th")).getText().equals(heading)).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + heading + " in " + browser.text()));
    }

    /** The text of a row's cell named by its column. */
    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-label=\"" + column + "\"]")).getText();
    }

    /** The one file with this extension that lands in the downloads folder, once complete. */
    private static Path awaitNewDownload(String extension) {
        Path[] found = new Path[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Stream<Path> files = Files.list(browser.downloads())) {
                List<Path> complete = files.filter(file -> file.toString().endsWith(extension)).toList();
                found[0] = complete.size() == 1 ? complete.get(0) : null;
                return found[0] != null;
            }
        });
        return found[0];
    }

    // --- the record, over SMTP and its HTTPS API

    /** A deposit as practice software sends it: the archive as IHE_XDM.ZIP, to the record's box. */
    private static void deposit(String subject, byte[] archive) throws Exception {
        Session session = TestClients.mailClient(caducee.server());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(RADIOLOGIST));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECORD_BOX));
        message.setSubject(subject, "UTF-8");
        message.setHeader("X-MSS-INS", "O");
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Dépôt au dossier médical partagé.", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart zip = new MimeBodyPart();
        zip.setDataHandler(new DataHandler(new ByteArrayDataSource(archive, "application/zip")));
        zip.setFileName("IHE_XDM.ZIP");
        body.addBodyPart(zip);
        message.setContent(body);
        message.saveChanges();
        Transport.send(message, RADIOLOGIST, PASSWORD);
    }

    /** ANS's hip X-ray report written for the daughter: her INS and traits, its own id and title. */
    private static byte[] daughters(String title, String idSuffix) {
        byte[] cda = AnsSamples.registrable(IMAGING);
        cda = AnsSamples.replace(cda, "extension=\"" + MOTHER_INS + "\"", "extension=\"" + DAUGHTER_INS + "\"");
        cda = AnsSamples.replace(cda, "DOMINIQUE", "CAMILLE");
        cda = AnsSamples.replace(cda, "<birthTime value=\"19790328\">", "<birthTime value=\"20150614\">");
        cda = AnsSamples.replace(cda, "\"" + IMAGING.uniqueId() + "\"", "\"" + IMAGING.uniqueId() + idSuffix + "\"");
        return AnsSamples.replace(cda, "<title>Radio de hanche</title>", "<title>" + title + "</title>");
    }

    /**
     * An archive laid out as ANS's, whose entry carries, beside the CDA's own HL7 code, the French confidentiality
     * code {@code INVISIBLE_REP_LEGAUX} (scheme 1.2.250.1.213.1.1.4.13), as the DMP receives it.
     */
    private static byte[] hiddenFromRepresentatives(byte[] cda) throws IOException {
        String metadata = AnsSamples.metadataFor(cda, "SS000001/DOC0001.XML", XdmEntry.APPROVED).replace(
            "</rim:ExtrinsicObject>", "  <rim:Classification classificationScheme=\"" + XdmMetadata.CONFIDENTIALITY_SCHEME
                + "\" classifiedObject=\"Document1\" nodeRepresentation=\"" + ConfidentialityCodes.INVISIBLE_REP_LEGAUX
                + "\" id=\"conf-rep-Document1\">\n    <rim:Slot name=\"codingScheme\"><rim:ValueList><rim:Value>"
                + ConfidentialityCodes.CODING_SCHEME + "</rim:Value></rim:ValueList></rim:Slot>\n"
                + "  </rim:Classification>\n</rim:ExtrinsicObject>");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("KA202612/INDEX.HTM", "<html><body>Documents</body></html>".getBytes(StandardCharsets.UTF_8));
        entries.put("KA202612/README.TXT", "Logiciel: RIS Exemple 2.0".getBytes(StandardCharsets.UTF_8));
        entries.put("KA202612/IHE_XDM/SS000001/DOC0001.XML", cda);
        entries.put("KA202612/IHE_XDM/SS000001/METADATA.XML", metadata.getBytes(StandardCharsets.UTF_8));
        return XdmFixtures.zip(entries);
    }

    /** The current documents of a record as this professional finds them, by master identifier. */
    private static Map<String, JsonNode> documents(String ins, String professional) throws Exception {
        HttpResponse<String> response = api("/fhir/DocumentReference?patient.identifier="
            + URLEncoder.encode("urn:oid:" + AnsSamples.PATIENT_AUTHORITY + "|" + ins, StandardCharsets.UTF_8),
            professional);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (JsonNode resource : JSON.readTree(response.body()).path("entry").findValues("resource")) {
            documents.put(resource.path("masterIdentifier").path("value").asText(), resource);
        }
        return documents;
    }

    private static HttpRequest.Builder request(String pathAndQuery, String box) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + caducee.server().ports().api() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((box + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> api(String pathAndQuery, String box) throws Exception {
        return https.send(request(pathAndQuery, box).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The emergency doctor's read of a document declaring an emergency ("bris de glace"). */
    private static HttpResponse<String> emergencyRead(String document, String justification) throws Exception {
        return https.send(request("/fhir/Binary/" + document, EMERGENCY_DOCTOR).header("X-Access-Mode", "emergency")
            .header("X-Access-Justification", URLEncoder.encode(justification, StandardCharsets.UTF_8)
                .replace("+", "%20")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The rule of an OperationOutcome the API refused with. */
    private static String rule(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("issue").get(0).path("details").path("coding").get(0)
            .path("code").asText();
    }

    /** The audit trail's records of a box with this decision, over WebAdmin. */
    private static List<JsonNode> audit(String box, String decision) throws Exception {
        HttpResponse<String> response = new TestClients.WebAdmin(caducee.server()).get("/audit?limit=1000&decision="
            + decision + "&box=" + URLEncoder.encode(box, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(response.body()).forEach(records::add);
        return records;
    }

    private static List<StubRelay.Received> noticesTo(String address) {
        return caducee.relay().received().stream().filter(received -> received.rcptTo().contains("<" + address + ">"))
            .toList();
    }

    // --- the directory

    private static void professional(TestClients.WebAdmin admin, String idNat, String lastName, String firstName)
            throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat, "{\"title\":\"DR\","
            + "\"lastName\":\"" + lastName + "\",\"firstName\":\"" + firstName + "\",\"professionCode\":\"10\","
            + "\"professionLabel\":\"Médecin\"}"));
    }

    private static void box(TestClients.WebAdmin admin, String address, String idNat, String finess) throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + address, "{\"type\":\"PER\",\"professional\":\""
            + idNat + "\"" + (finess == null ? "" : ",\"structure\":\"1" + finess + "\"") + "}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + address + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
    }

    private static void patient(TestClients.WebAdmin admin, String ins, String lastName, String firstName,
                                String birthDate) throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + ins, "{\"lastName\":\"" + lastName
            + "\",\"firstName\":\"" + firstName + "\",\"birthDate\":\"" + birthDate + "\",\"domain\":\"" + DOMAIN + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/patients/" + ins + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
    }

    /**
     * The packaged server, with the record's box, and a stub outbound relay for the notices: the relay's certificate
     * comes from the server's development root, made before the server starts so that the server trusts it.
     */
    static final class ServerWithRelay implements BeforeAllCallback, AfterAllCallback {
        private Path work;
        private StubRelay relay;
        private CaduceeProcess server;

        CaduceeProcess server() {
            return server;
        }

        StubRelay relay() {
            return relay;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            work = Files.createTempDirectory("caducee-it-");
            DevPki pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
            relay = StubRelay.withStartTls(pki.authority().issue(LeafRequest.builder("localhost").dnsName("localhost")
                .serverAuth(true).build()), Optional.empty());
            server = CaduceeProcess.start(work.resolve("server"), Map.of(
                "caducee.records.box", RECORD_BOX,
                "caducee.records.structure", RECORD_STRUCTURE,
                "caducee.webmail.notices.relay", "localhost:" + relay.port(),
                "caducee.demo", "false"), context.getRequiredTestClass().getSimpleName());
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (server != null) {
                    server.close();
                }
                if (relay != null) {
                    relay.close();
                }
            } finally {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                } catch (UncheckedIOException | IOException e) {
                    // a temporary folder left behind is no test failure
                }
            }
        }
    }
}
