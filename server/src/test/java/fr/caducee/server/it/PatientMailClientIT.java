package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Patients log in with a second factor, which IMAP and SMTP cannot ask for: with the shipped setting
 * ({@code caducee.patients.mailClients=false}) a patient's password is refused at SMTP AUTH ({@code 535 5.7.8}) and
 * IMAP LOGIN and AUTHENTICATE ({@code NO [AUTHENTICATIONFAILED]}), right or wrong alike, with a sentence sending them
 * to the webmail and an audit record under {@code patient-mail-client}; {@code true} lets it through. Two servers,
 * one each way, spoken to over STARTTLS and IMAPS.
 */
class PatientMailClientIT {
    static final String DOMAIN = "hopital-clients.localhost";
    static final String PATIENT = "269029912345614@patient." + DOMAIN;
    static final String DOCTOR = "dr.clement@" + DOMAIN;
    static final String PASSWORD = "mot de passe du patient";
    static final String DOCTOR_PASSWORD = "mot de passe du docteur";

    @RegisterExtension
    static final CaduceeServerExtension shipped = new CaduceeServerExtension()
        .withProperty(CaduceeProcess.PATIENTS_MAIL_CLIENTS, "false")
        .withBox(DOCTOR, DOCTOR_PASSWORD)
        .withBox(PATIENT, PASSWORD);

    @RegisterExtension
    static final CaduceeServerExtension allowing = new CaduceeServerExtension()
        .withProperty(CaduceeProcess.PATIENTS_MAIL_CLIENTS, "true")
        .withBox(PATIENT, PASSWORD);

    @Test
    void aPatientsRightPasswordAtSmtpAuthIsRefusedWithASentenceSendingThemToTheWebmail() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(shipped.server())) {
            SmtpDialogue.Reply auth = smtp.send("AUTH PLAIN " + SmtpDialogue.plain(PATIENT, PASSWORD));
            assertThat(auth.code()).as(auth.text()).isEqualTo(535);
            assertThat(auth.text()).contains("5.7.8 Les patients se connectent par le webmail")
                .contains("patient-mail-client");

            // Not logged in: nothing can be sent as the patient.
            assertThat(smtp.send("MAIL FROM:<" + PATIENT + ">").code()).isEqualTo(530);
        }
    }

    @Test
    void aRightAndAWrongPasswordGetTheSameAnswerWhateverTheMechanism() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(shipped.server())) {
            SmtpDialogue.Reply right = smtp.send("AUTH PLAIN " + SmtpDialogue.plain(PATIENT, PASSWORD));
            SmtpDialogue.Reply wrong = smtp.send("AUTH PLAIN " + SmtpDialogue.plain(PATIENT, "pas le bon"));
            assertThat(smtp.send("AUTH LOGIN").code()).isEqualTo(334);
            assertThat(smtp.send(base64(PATIENT)).code()).isEqualTo(334);
            SmtpDialogue.Reply login = smtp.send(base64(PASSWORD));

            assertThat(wrong.lines()).isEqualTo(right.lines());
            assertThat(login.lines()).isEqualTo(right.lines());
        }
    }

    @Test
    void aPatientsPasswordAtImapLoginAndAuthenticateIsRefused() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(shipped.server())) {
            assertThat(imap.login(PATIENT, PASSWORD))
                .startsWith("NO [AUTHENTICATIONFAILED] Les patients se connectent par le webmail")
                .contains("patient-mail-client");
            assertThat(imap.authenticateAs("", PATIENT, PASSWORD)).startsWith("NO [AUTHENTICATIONFAILED] Les patients");
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).doesNotStartWith("OK");
        }
    }

    @Test
    void authenticateWithoutAnInitialResponseMeetsTheSameRefusal() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(shipped.server())) {
            imap.writeRaw("c1 AUTHENTICATE PLAIN\r\n");
            assertThat(imap.readLine()).startsWith("+");
            imap.writeRaw(SmtpDialogue.plain(PATIENT, PASSWORD) + "\r\n");
            // The line is read in front of James (imap.SectorLoginGuard) and handed on as an initial response.
            assertThat(imap.readLine()).startsWith("c1 NO [AUTHENTICATIONFAILED] Les patients");
        }
        assertThat(refusals()).contains("\"rule\":\"patient-mail-client\"");
    }

    @Test
    void everyRefusalIsInTheAuditTrailWithTheLoginTriedAndNeverThePassword() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(shipped.server());
             ImapDialogue imap = ImapDialogue.connect(shipped.server())) {
            smtp.send("AUTH PLAIN " + SmtpDialogue.plain(PATIENT, PASSWORD));
            imap.login(PATIENT, PASSWORD);
        }
        String refusals = refusals();
        List<JsonNode> records = new ArrayList<>();
        new ObjectMapper().readTree(refusals).forEach(record -> {
            if (record.path("rule").asText().equals("patient-mail-client")) {
                records.add(record);
            }
        });
        assertThat(records).anySatisfy(record -> {
            assertThat(record.path("via").asText()).isEqualTo("submission");
            assertThat(record.path("login").asText()).isEqualTo(PATIENT);
        });
        assertThat(records).anySatisfy(record -> {
            assertThat(record.path("via").asText()).isEqualTo("imap");
            assertThat(record.path("login").asText()).isEqualTo(PATIENT);
        });
        assertThat(refusals).doesNotContain(PASSWORD);
    }

    @Test
    void aProfessionalStillLogsInWithTheirPassword() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(shipped.server());
             ImapDialogue imap = ImapDialogue.connect(shipped.server())) {
            assertThat(smtp.send("AUTH PLAIN " + SmtpDialogue.plain(DOCTOR, DOCTOR_PASSWORD)).code()).isEqualTo(235);
            assertThat(imap.login(DOCTOR, DOCTOR_PASSWORD)).startsWith("OK");
        }
    }

    @Test
    void theSettingLetsAPatientsPasswordOpenSmtpAndImap() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.securedSubmission(allowing.server());
             ImapDialogue imap = ImapDialogue.connect(allowing.server())) {
            assertThat(smtp.send("AUTH PLAIN " + SmtpDialogue.plain(PATIENT, PASSWORD)).code()).isEqualTo(235);
            assertThat(imap.login(PATIENT, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
        }
    }

    private static String refusals() throws Exception {
        return new TestClients.WebAdmin(shipped.server()).get("/audit?decision=REFUSED&limit=100000").body();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
