package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Patients write only within conversations professionals started: a professional opens one by writing, the patient
 * replies to it, the professional closes it with {@code X-MSS-MES: FIN} or a subject that begins with {@code [FIN]}.
 * The one exception is the patient's
 * pharmacist (a dispensing in the last twelve months). Spoken over real SMTP submission and MX with TLS.
 */
class PatientConversationsIT {
    static final String DOMAIN = "hopital-patients.localhost";
    static final String PATIENT_DOMAIN = "patient." + DOMAIN;
    static final String GP = "dr.lefebvre@" + DOMAIN;
    static final String CARDIOLOGIST = "dr.moreau@" + DOMAIN;
    static final String PATIENT = "269029912345614@" + PATIENT_DOMAIN;
    static final String OTHER_PATIENT = "285017512345656@" + PATIENT_DOMAIN;
    static final String NEW_PATIENT = "179129900012371@" + PATIENT_DOMAIN;
    static final String RECENT_PHARMACY_BOX = "pharmacie.du.port@" + DOMAIN;
    static final String OLD_PHARMACY_BOX = "pharmacie.des.halles@" + DOMAIN;
    static final String PEER_SENDER = "secretariat@peer-operator.localhost";
    static final String PASSWORD = "mot de passe patients";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(GP, PASSWORD)
        .withBox(CARDIOLOGIST, PASSWORD)
        .withBox(PATIENT, PASSWORD)
        .withBox(OTHER_PATIENT, PASSWORD)
        .withBox(NEW_PATIENT, PASSWORD);

    @BeforeAll
    static void pharmaciesWithDispensings() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        pharmacy(admin, "1750000044", RECENT_PHARMACY_BOX, "Pharmacie du Port");
        pharmacy(admin, "1750000051", OLD_PHARMACY_BOX, "Pharmacie des Halles");
        LocalDate today = LocalDate.now();
        for (String ins : List.of("269029912345614", "179129900012371")) {
            TestClients.WebAdmin.expect(201, admin.post("/directory/patients/" + ins + "/dispensings",
                "{\"pharmacy\":\"1750000044\",\"date\":\"" + today.minusMonths(3) + "\"}"));
            TestClients.WebAdmin.expect(201, admin.post("/directory/patients/" + ins + "/dispensings",
                "{\"pharmacy\":\"1750000051\",\"date\":\"" + today.minusMonths(13) + "\"}"));
        }
    }

    private static void pharmacy(TestClients.WebAdmin admin, String finess, String box, String name) throws Exception {
        String idNat = TestClients.WebAdmin.idNatFor(box);
        TestClients.WebAdmin.expect(201, admin.put("/directory/structures/" + finess, "{\"name\":\"" + name + "\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat,
            "{\"lastName\":\"Pharmacien\",\"professionCode\":\"21\",\"professionLabel\":\"Pharmacien\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + box,
            "{\"type\":\"PER\",\"professional\":\"" + idNat + "\",\"structure\":\"" + finess + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + box + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
    }

    @Test
    void aProfessionalOpensThePatientRepliesAndFinClosesTheConversation() throws Exception {
        String opening = messageId();
        assertThat(submit(GP, List.of(PATIENT), opening, null, "Résultats", "").code()).isEqualTo(250);

        String reply = messageId();
        assertThat(submit(PATIENT, List.of(GP), reply, opening, "Re: Résultats", "").code()).isEqualTo(250);
        new MailClient(caducee.server()).awaitDelivered(GP, PASSWORD, subjectOf(reply));

        String closing = messageId();
        assertThat(submit(GP, List.of(PATIENT), closing, reply, "Re: Résultats", "X-MSS-MES: FIN\r\n").code())
            .isEqualTo(250);

        SmtpDialogue.Reply refused = submit(PATIENT, List.of(GP), messageId(), closing, "Re: Résultats", "");
        assertThat(refused.code()).isEqualTo(550);
        assertThat(refused.text()).contains("5.7.1").contains("closed this conversation").contains(GP);

        String trail = new TestClients.WebAdmin(caducee.server())
            .get("/audit?box=" + URLEncoder.encode(PATIENT, StandardCharsets.UTF_8)).body();
        assertThat(trail).contains("CONVERSATION_OPENED").contains("CONVERSATION_CLOSED").contains(opening)
            .contains("conversation-closed");
    }

    @Test
    void aFinSubjectClosesTheConversationAndTheClosingMessageCarriesTheHeader() throws Exception {
        String opening = messageId();
        assertThat(submit(GP, List.of(PATIENT), opening, null, "Suivi tensionnel", "").code()).isEqualTo(250);
        String reply = messageId();
        assertThat(submit(PATIENT, List.of(GP), reply, opening, "Re: Suivi tensionnel", "").code()).isEqualTo(250);

        String closing = messageId();
        assertThat(submit(GP, List.of(PATIENT), closing, reply, "[FIN]", "").code()).isEqualTo(250);

        SmtpDialogue.Reply refused = submit(PATIENT, List.of(GP), messageId(), closing, "Re: [FIN]", "");
        assertThat(refused.code()).isEqualTo(550);
        assertThat(refused.text()).contains("5.7.1").contains("closed this conversation").contains(GP);

        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(PATIENT, PASSWORD, subjectOf(closing));
        assertThat(client.header(PATIENT, PASSWORD, subjectOf(closing), "X-MSS-MES")).containsExactly("FIN");
        assertThat(new TestClients.WebAdmin(caducee.server())
            .get("/audit?box=" + URLEncoder.encode(PATIENT, StandardCharsets.UTF_8)).body())
            .contains("subject-fin").contains(closing);
    }

    @Test
    void aPatientCannotWriteFirstToADoctor() throws Exception {
        SmtpDialogue.Reply reply = rcpt(NEW_PATIENT, GP);
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1").contains("only reply to a conversation a professional started");
    }

    @Test
    void aPatientMayWriteFirstToAPharmacyOfARecentDispensingOnly() throws Exception {
        String first = messageId();
        assertThat(submit(NEW_PATIENT, List.of(RECENT_PHARMACY_BOX), first, null, "Ordonnance", "").code())
            .isEqualTo(250);
        new MailClient(caducee.server()).awaitDelivered(RECENT_PHARMACY_BOX, PASSWORD, subjectOf(first));

        SmtpDialogue.Reply reply = rcpt(NEW_PATIENT, OLD_PHARMACY_BOX);
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1").contains("12 months");
    }

    @Test
    void theConversationHoldsItsParticipantsAndRepliesOnly() throws Exception {
        String opening = messageId();
        assertThat(submit(GP, List.of(PATIENT), opening, null, "Rendez-vous", "").code()).isEqualTo(250);

        // A new message, not a reply, to the same professional.
        SmtpDialogue.Reply notAReply = submit(PATIENT, List.of(GP), messageId(), null, "Question", "");
        assertThat(notAReply.code()).isEqualTo(550);
        assertThat(notAReply.text()).contains("5.7.1").contains("Reply");

        // The professional of the conversation is accepted at RCPT, one who is not part of it is refused.
        assertThat(rcpt(PATIENT, GP).code()).isEqualTo(250);
        SmtpDialogue.Reply outsider = rcpt(PATIENT, CARDIOLOGIST);
        assertThat(outsider.code()).isEqualTo(550);
        assertThat(outsider.text()).contains("5.7.1");
    }

    @Test
    void aPatientCannotWriteToAnotherPatient() throws Exception {
        SmtpDialogue.Reply reply = rcpt(PATIENT, OTHER_PATIENT);
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1").contains("patient");
    }

    @Test
    void aProfessionalOfAnotherOperatorOpensAConversationTooAndItSurvivesARestart() throws Exception {
        String opening = messageId();
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<" + PEER_SENDER + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + OTHER_PATIENT + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write(headers(PEER_SENDER, List.of(OTHER_PATIENT), opening, null, "Compte rendu", "") + "\r\nCR.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }

        caducee.server().restart();

        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), OTHER_PATIENT, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + OTHER_PATIENT + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + PEER_SENDER + ">").code()).isEqualTo(250);
        }
    }

    /** The answer to RCPT TO, in a session of its own logged in as {@code from}. */
    private static SmtpDialogue.Reply rcpt(String from, String to) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), from, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
            return smtp.send("RCPT TO:<" + to + ">");
        }
    }

    private static SmtpDialogue.Reply submit(String from, List<String> to, String messageId, String inReplyTo,
                                             String subject, String extraHeaders) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), from, PASSWORD)) {
            SmtpDialogue.Reply mail = smtp.send("MAIL FROM:<" + from + ">");
            if (mail.code() != 250) {
                return mail;
            }
            for (String recipient : to) {
                SmtpDialogue.Reply rcpt = smtp.send("RCPT TO:<" + recipient + ">");
                if (rcpt.code() != 250) {
                    return rcpt;
                }
            }
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write(headers(from, to, messageId, inReplyTo, subject, extraHeaders) + "\r\nBonjour.\r\n.");
            return smtp.read();
        }
    }

    private static String headers(String from, List<String> to, String messageId, String inReplyTo, String subject,
                                  String extraHeaders) {
        List<String> lines = new ArrayList<>();
        lines.add("From: " + from);
        lines.add("To: " + String.join(", ", to));
        lines.add("Message-ID: " + messageId);
        if (inReplyTo != null) {
            lines.add("In-Reply-To: " + inReplyTo);
            lines.add("References: " + inReplyTo);
        }
        lines.add("Subject: " + subject + " " + subjectOf(messageId));
        return String.join("\r\n", lines) + "\r\n" + extraHeaders;
    }

    /** Each message's subject carries its id, so that a box holding several is searched for the right one. */
    private static String subjectOf(String messageId) {
        return messageId.substring(1, messageId.indexOf('@'));
    }

    private static String messageId() {
        return "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
    }
}
