package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import fr.caducee.domain.importing.extract.ExtractGenerator;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * The directory as the server's source of truth, over real protocols: boxes administered over WebAdmin with precise
 * refusals, IMAP logins against hashed passwords, suspended and unknown boxes refused at RCPT, ORG boxes opened by
 * their members, and acknowledged changes surviving a {@code kill -9}.
 */
class DirectoryIT {
    static final String DOMAIN = "chu-directory.localhost";
    static final String DOCTOR = "dr.lambert@" + DOMAIN;
    static final String COLLEAGUE = "dr.roux@" + DOMAIN;
    static final String WARD = "pneumologie@" + DOMAIN;
    static final String PASSWORD = "mot de passe du docteur";
    static final String COLLEAGUE_PASSWORD = "mot de passe du confrere";
    static final String HOSPITAL = "1750000010";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, COLLEAGUE_PASSWORD);

    @Test
    void recordsAreAdministeredOverWebAdminAndBadOnesRefusedNamingTheField() throws Exception {
        TestClients.WebAdmin admin = admin();
        HttpResponse<String> badKey = admin.put("/directory/professionals/810000005478", "{\"lastName\":\"Faux\"}");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(message(badKey)).contains("810000005478").contains("Luhn");

        HttpResponse<String> badFiness = admin.put("/directory/structures/1750000011", "{\"name\":\"CHU\"}");
        assertThat(badFiness.statusCode()).isEqualTo(400);
        assertThat(message(badFiness)).contains("750000011").contains("Luhn");

        HttpResponse<String> badType = admin.put("/directory/boxes/secretariat@" + DOMAIN, "{\"type\":\"XYZ\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(message(badType)).contains("box type").contains("XYZ");

        String unregistered = TestClients.WebAdmin.idNatFor("never.registered@" + DOMAIN);
        HttpResponse<String> unknownHolder = admin.put("/directory/boxes/secretariat@" + DOMAIN,
            "{\"type\":\"PER\",\"professional\":\"" + unregistered + "\"}");
        assertThat(unknownHolder.statusCode()).isEqualTo(400);
        assertThat(message(unknownHolder)).contains("secretariat@" + DOMAIN).contains(unregistered)
            .contains("not in the directory");

        String doctorIdNat = TestClients.WebAdmin.idNatFor(DOCTOR);
        HttpResponse<String> typeChange = admin.put("/directory/boxes/" + DOCTOR,
            "{\"type\":\"CAB\",\"professional\":\"" + doctorIdNat + "\"}");
        assertThat(typeChange.statusCode()).isEqualTo(409);
        assertThat(message(typeChange)).contains("PER").contains("CAB");

        JsonNode box = JSON.readTree(admin.get("/directory/boxes/" + DOCTOR).body());
        assertThat(box.get("type").asText()).isEqualTo("PER");
        assertThat(box.get("professional").asText()).isEqualTo(doctorIdNat);
        assertThat(box.get("status").asText()).isEqualTo("active");
        assertThat(box.has("password")).isFalse();
        assertThat(admin.get("/directory/boxes/nobody@" + DOMAIN).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(admin.get("/directory/boxes?limit=1000").body()))
            .extracting(node -> node.get("address").asText()).contains(DOCTOR, COLLEAGUE);
    }

    @Test
    void aLegalRepresentativeIsSetReadBackOverWebAdminAndLdapThenRemoved() throws Exception {
        TestClients.WebAdmin admin = admin();
        String child = "114067511203155";
        String otherChild = "215057511204325";
        String parent = "146026322000196";
        String stranger = "179129900012371";
        for (String ins : List.of(otherChild, stranger)) {
            TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + ins,
                "{\"lastName\":\"Enfant\",\"domain\":\"caducee.localhost\"}"));
        }
        // The demo data: Paul Durand represents his son.
        assertThat(JSON.readTree(admin.get("/directory/patients/" + child + "/representatives").body()))
            .extracting(node -> node.get("ins").asText()).containsExactly(parent);

        String representatives = "/directory/patients/" + otherChild + "/representatives/";
        assertThat(admin.put(representatives + parent, "").statusCode()).isEqualTo(201);
        HttpResponse<String> again = admin.put(representatives + parent, "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body())).singleElement().satisfies(node -> {
            assertThat(node.get("ins").asText()).isEqualTo(parent);
            assertThat(node.get("lastName").asText()).isEqualTo("Durand");
            assertThat(node.get("address").asText()).isEqualTo(parent + "@patient.caducee.localhost");
        });
        assertThat(representativesInLdap(otherChild)).containsExactly(parent);
        assertThat(patientsRepresentedInLdap(parent)).containsExactlyInAnyOrder(child, otherChild);

        HttpResponse<String> self = admin.put(representatives + otherChild, "");
        assertThat(self.statusCode()).isEqualTo(400);
        assertThat(message(self)).contains(otherChild).contains("own legal representative");
        HttpResponse<String> badKey = admin.put(representatives + "146026322000197", "");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(message(badKey)).contains("146026322000197").contains("key");
        HttpResponse<String> unknown = admin.put(representatives + "269029912345614", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(message(unknown)).contains("269029912345614").contains("not a patient");
        HttpResponse<String> unknownPatient = admin.put("/directory/patients/269029912345614/representatives/" + parent, "");
        assertThat(unknownPatient.statusCode()).isEqualTo(404);
        assertThat(admin.get("/directory/patients/269029912345614/representatives").statusCode()).isEqualTo(404);
        assertThat(representativesInLdap(otherChild)).containsExactly(parent);

        HttpResponse<String> notOne = admin.delete(representatives + stranger);
        assertThat(notOne.statusCode()).isEqualTo(404);
        assertThat(message(notOne)).contains(stranger).contains("not one of their legal representatives");
        assertThat(admin.delete(representatives + parent).statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(admin.get("/directory/patients/" + otherChild + "/representatives").body())).isEmpty();
        assertThat(representativesInLdap(otherChild)).isEmpty();
        assertThat(patientsRepresentedInLdap(parent)).containsExactly(child);

        String trail = admin.get("/audit?box=" + otherChild + "@patient.caducee.localhost").body();
        assertThat(trail).contains("DIRECTORY_CHANGED").contains("representative-added")
            .contains("representative-removed").contains(parent + "@patient.caducee.localhost");
    }

    private static List<String> representativesInLdap(String ins) throws Exception {
        try (LDAPConnection ldap = directoryAdmin()) {
            String[] values = ldap.getEntry("cadIns=" + ins + ",ou=patients,o=caducee", "cadRepresentative")
                .getAttributeValues("cadRepresentative");
            return values == null ? List.of() : List.of(values);
        }
    }

    /** An equality search on the attribute, as the server does (indexed in the embedded directory). */
    private static List<String> patientsRepresentedInLdap(String ins) throws Exception {
        try (LDAPConnection ldap = directoryAdmin()) {
            return ldap.search("ou=patients,o=caducee", SearchScope.ONE, "(cadRepresentative=" + ins + ")", "cadIns")
                .getSearchEntries().stream().map(entry -> entry.getAttributeValue("cadIns")).toList();
        }
    }

    private static LDAPConnection directoryAdmin() throws Exception {
        String secret = Files.readString(caducee.server().dataDir().resolve("var/directory-admin.secret"));
        return new LDAPConnection("127.0.0.1", caducee.server().ports().directory(), "cn=directory-admin", secret);
    }

    @Test
    void professionalsLogInWithTheirDirectoryPasswordWhichIsNeverStoredInClear() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(DOCTOR, "not the password")).startsWith("NO");
        }
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(DOCTOR, PASSWORD)).startsWith("OK");
        }
        Path directoryData = caducee.server().dataDir().resolve("var/directory");
        StringBuilder everything = new StringBuilder();
        try (Stream<Path> files = Files.walk(directoryData)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything).contains("{PBKDF2-SHA512}").doesNotContain(PASSWORD);
    }

    @Test
    void theEmbeddedDirectoryAnswersLdapOnlyToItsAdministrator() throws Exception {
        int port = caducee.server().ports().directory();
        try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", port)) {
            assertThatThrownBy(() -> anonymous.search("o=caducee", SearchScope.SUB, "(mail=" + DOCTOR + ")"))
                .isInstanceOf(LDAPException.class);
        }
        String secret = Files.readString(caducee.server().dataDir().resolve("var/directory-admin.secret"));
        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port, "cn=directory-admin", secret)) {
            SearchResultEntry box = admin.searchForEntry("o=caducee", SearchScope.SUB, "(mail=" + DOCTOR + ")");
            assertThat(box.getAttributeValue("cadBoxType")).isEqualTo("PER");
            assertThat(box.getAttributeValue("userPassword")).startsWith("{PBKDF2-SHA512}");
        }
    }

    @Test
    void unknownAndSuspendedBoxesAreRefusedAtRcptWithTheirOwnCodes() throws Exception {
        TestClients.WebAdmin admin = admin();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            SmtpDialogue.Reply unknown = smtp.send("RCPT TO:<inconnu@" + DOMAIN + ">");
            assertThat(unknown.code()).isEqualTo(550);
            assertThat(unknown.text()).contains("5.1.1").contains("inconnu@" + DOMAIN);

            assertThat(admin.post("/directory/boxes/" + COLLEAGUE + "/suspend", "").statusCode()).isEqualTo(204);
            SmtpDialogue.Reply suspended = smtp.send("RCPT TO:<" + COLLEAGUE + ">");
            assertThat(suspended.code()).isEqualTo(550);
            assertThat(suspended.text()).contains("5.2.1").contains("suspended");
            try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
                assertThat(imap.login(COLLEAGUE, COLLEAGUE_PASSWORD)).startsWith("NO");
            }

            assertThat(admin.post("/directory/boxes/" + COLLEAGUE + "/activate", "").statusCode()).isEqualTo(204);
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUE + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void membersOpenTheirOrgBoxWithTheirOwnPasswordAndOthersCannot() throws Exception {
        TestClients.WebAdmin admin = admin();
        assertThat(admin.put("/directory/structures/" + HOSPITAL, "{\"name\":\"CHU Directory\"}").statusCode()).isIn(200, 201);
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + WARD, "{\"type\":\"ORG\",\"structure\":\""
            + HOSPITAL + "\",\"responsible\":\"" + TestClients.WebAdmin.idNatFor(DOCTOR) + "\"}"));

        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.authenticateAs(WARD, DOCTOR, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
        }
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.authenticateAs(WARD, COLLEAGUE, COLLEAGUE_PASSWORD)).startsWith("NO");
        }

        TestClients.WebAdmin.expect(200, admin.put("/directory/boxes/" + WARD, "{\"type\":\"ORG\",\"structure\":\""
            + HOSPITAL + "\",\"responsible\":\"" + TestClients.WebAdmin.idNatFor(DOCTOR) + "\",\"members\":[\""
            + TestClients.WebAdmin.idNatFor(COLLEAGUE) + "\"]}"));
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.authenticateAs(WARD, COLLEAGUE, COLLEAGUE_PASSWORD)).startsWith("OK");
        }
    }

    @Test
    void aChangeAcknowledgedOverWebAdminSurvivesKillMinus9() throws Exception {
        TestClients.WebAdmin admin = admin();
        String box = "dr.urgence@" + DOMAIN;
        admin.addBox(box, "mot de passe urgence");

        caducee.server().kill();
        caducee.server().startAgain();

        assertThat(admin().get("/directory/boxes/" + box).statusCode()).isEqualTo(200);
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(box, "mot de passe urgence")).startsWith("OK");
        }
    }

    @Test
    void theCommandLineAdministersTheSameRecords() throws Exception {
        String webAdmin = "http://127.0.0.1:" + caducee.server().ports().webAdmin();
        String data = caducee.server().dataDir().toString();
        Cli show = Cli.run("--webadmin", webAdmin, "--data", data, "box", "show", DOCTOR);
        assertThat(show.exitCode()).isZero();
        assertThat(show.output()).contains("\"address\" : \"" + DOCTOR + "\"");

        Cli refused = Cli.run("--webadmin", webAdmin, "--data", data, "professional", "put", "810000005478", "--last-name", "Faux");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("refused (400)").contains("Luhn");

        Cli unreachable = Cli.run("--webadmin", "http://127.0.0.1:1", "--data", data, "box", "list");
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.output()).contains("Cannot reach WebAdmin");
    }

    @Test
    void theNationalExtractIsImportedIdempotentlyWithEveryRejectedLineNamed() throws Exception {
        Path work = Files.createTempDirectory("extract-");
        Path extract = work.resolve("extraction_correspondance_mssante.txt");
        ExtractGenerator.Summary generated = new ExtractGenerator(42).write(extract, 300, 12);
        String orgResponsible = "?orgResponsible=" + TestClients.WebAdmin.idNatFor(DOCTOR);
        TestClients.WebAdmin admin = admin();

        HttpResponse<String> first = admin.postFile("/directory/imports/extract" + orgResponsible, extract);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(first.body());
        long added = report.at("/boxes/added").asLong();
        assertThat(report.get("read").asLong()).isEqualTo(300);
        assertThat(added + report.get("rejected").asLong()).isEqualTo(300);
        List<Long> rejectedLines = new ArrayList<>();
        report.get("rejections").forEach(rejection -> {
            assertThat(rejection.get("reason").asText()).matches("(?s)line " + rejection.get("line").asLong() + "\\b.*");
            rejectedLines.add(rejection.get("line").asLong());
        });
        assertThat(rejectedLines).containsAll(generated.defects().keySet());

        JsonNode second = JSON.readTree(admin.postFile("/directory/imports/extract" + orgResponsible, extract).body());
        assertThat(second.at("/boxes/added").asLong()).isZero();
        assertThat(second.at("/boxes/updated").asLong()).isZero();
        assertThat(second.at("/boxes/unchanged").asLong()).isEqualTo(added);

        // A truncated file is refused whole: not even its good lines are written.
        List<String> lines = Files.readAllLines(extract, StandardCharsets.UTF_8);
        String cut = String.join("\n", lines.subList(0, 150)) + "\n" + lines.get(150).substring(0, 20);
        Path truncated = work.resolve("truncated.txt");
        Files.writeString(truncated, cut.replace(lines.get(1).split("\\|")[1], "nouvelle.bal@tronque.localhost"),
            StandardCharsets.UTF_8);
        HttpResponse<String> refused = admin.postFile("/directory/imports/extract", truncated);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(message(refused)).contains("line 151").contains("truncated").contains("nothing was imported");
        assertThat(admin.get("/directory/boxes/nouvelle.bal@tronque.localhost").statusCode()).isEqualTo(404);

        // An imported box of a domain served here receives mail.
        String imported = firstImportedAddress(lines, rejectedLines);
        String domain = imported.substring(imported.indexOf('@') + 1);
        admin.addDomain(domain);
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + imported + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void anLdifIsImportedEntryByEntryAndABrokenOneRefusedWhole() throws Exception {
        Path work = Files.createTempDirectory("ldif-");
        String professional = TestClients.WebAdmin.idNatFor("ldif.pro@" + DOMAIN);
        String orphanOwner = TestClients.WebAdmin.idNatFor("ldif.orphan@" + DOMAIN);
        String ldif = "dn: cadIdNat=" + professional + ",ou=professionals,o=caducee\n"
            + "objectClass: cadProfessional\ncadIdNat: " + professional + "\nsn: Lefèvre\ngivenName: Anne\n\n"
            + "dn: mail=ldif.pro@" + DOMAIN + ",ou=boxes,o=caducee\n"
            + "objectClass: cadBox\nmail: ldif.pro@" + DOMAIN + "\ncadBoxType: PER\ncadStatus: active\n"
            + "cadCreated: 20260101000000.000Z\ncadIdNat: " + professional + "\n\n"
            + "dn: mail=ldif.orphan@" + DOMAIN + ",ou=boxes,o=caducee\n"
            + "objectClass: cadBox\nmail: ldif.orphan@" + DOMAIN + "\ncadBoxType: PER\ncadStatus: active\n"
            + "cadCreated: 20260101000000.000Z\ncadIdNat: " + orphanOwner + "\n";
        Path file = work.resolve("annuaire.ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        TestClients.WebAdmin admin = admin();

        HttpResponse<String> imported = admin.postFile("/directory/imports/ldif", file);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(imported.body());
        assertThat(report.at("/boxes/added").asLong()).isEqualTo(1);
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        assertThat(report.at("/rejections/0/reason").asText()).contains("ldif.orphan@" + DOMAIN).contains(orphanOwner);
        assertThat(JSON.readTree(admin.get("/directory/professionals/" + professional).body()).get("lastName").asText())
            .isEqualTo("Lefèvre");
        assertThat(admin.get("/directory/boxes/ldif.orphan@" + DOMAIN).statusCode()).isEqualTo(404);

        Path broken = work.resolve("broken.ldif");
        // A good entry first, then a line that is not LDIF: the good entry must not be written either.
        Files.writeString(broken, "dn: mail=ldif.other@" + DOMAIN + ",ou=boxes,o=caducee\n"
            + "objectClass: cadBox\nmail: ldif.other@" + DOMAIN + "\ncadBoxType: PER\ncadStatus: active\n"
            + "cadCreated: 20260101000000.000Z\ncadIdNat: " + professional + "\n\nthis line is not LDIF\n",
            StandardCharsets.UTF_8);
        HttpResponse<String> refused = admin.postFile("/directory/imports/ldif", broken);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(message(refused)).contains("line").contains("nothing was imported");
        assertThat(admin.get("/directory/boxes/ldif.other@" + DOMAIN).statusCode()).isEqualTo(404);
    }

    private static String firstImportedAddress(List<String> lines, List<Long> rejectedLines) {
        for (int i = 1; i < lines.size(); i++) {
            if (!rejectedLines.contains((long) i + 1)) {
                return lines.get(i).split("\\|")[1];
            }
        }
        throw new IllegalStateException("no line was imported");
    }

    private static TestClients.WebAdmin admin() {
        return new TestClients.WebAdmin(caducee.server());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("message").asText();
    }

    /** scripts/directory run as an operator would, from the repository. */
    record Cli(int exitCode, String output) {
        static Cli run(String... args) throws Exception {
            Path root = CaduceeProcess.repositoryRoot();
            List<String> command = new ArrayList<>(List.of(root.resolve("scripts/directory").toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Cli(process.waitFor(), output);
        }
    }
}
