package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Who may send as whom on the submission ports, from the directory: one's own box, the ORG boxes one belongs to
 * (then with {@code Sender:} naming the writer), nobody else's; the envelope and the {@code From:} header alike.
 */
class SenderRulesIT {
    static final String DOMAIN = "chu-expediteurs.localhost";
    static final String DOCTOR = "dr.mercier@" + DOMAIN;
    static final String COLLEAGUE = "dr.fontaine@" + DOMAIN;
    static final String WARD = "neurologie@" + DOMAIN;
    static final String PASSWORD = "mot de passe expediteur";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, PASSWORD);

    @BeforeAll
    static void orgBoxWithTheDoctorAsMember() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        assertThat(admin.put("/directory/structures/1750000036", "{\"name\":\"CHU Expéditeurs\"}").statusCode()).isIn(200, 201);
        assertThat(admin.put("/directory/boxes/" + WARD, "{\"type\":\"ORG\",\"structure\":\"1750000036\","
            + "\"responsible\":\"" + TestClients.WebAdmin.idNatFor(COLLEAGUE) + "\",\"members\":[\""
            + TestClients.WebAdmin.idNatFor(DOCTOR) + "\"]}").statusCode()).isIn(200, 201);
    }

    @Test
    void aProfessionalCannotUseAColleaguesBoxAsEnvelopeSender() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + COLLEAGUE + ">");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains(DOCTOR + " may not send as " + COLLEAGUE);
            assertThat(smtp.send("MAIL FROM:<>").text()).startsWith("550").contains("5.7.1");
        }
    }

    @Test
    void onlyMembersSendAsAnOrgBox() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), COLLEAGUE, PASSWORD)) {
            // The responsible professional may.
            assertThat(smtp.send("MAIL FROM:<" + WARD + ">").code()).isEqualTo(250);
        }
        TestClients.WebAdmin.expect(200, new TestClients.WebAdmin(caducee.server()).put("/directory/boxes/" + WARD,
            "{\"type\":\"ORG\",\"structure\":\"1750000036\",\"responsible\":\"" + TestClients.WebAdmin.idNatFor(DOCTOR)
                + "\"}"));
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), COLLEAGUE, PASSWORD)) {
            // No longer responsible nor member: refused at once (the change was made through this server).
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + WARD + ">");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1");
        } finally {
            orgBoxWithTheDoctorAsMember();
        }
    }

    @Test
    void aForgedFromHeaderIsRefusedAtData() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            smtp.send("MAIL FROM:<" + DOCTOR + ">");
            smtp.send("RCPT TO:<" + COLLEAGUE + ">");
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + COLLEAGUE + "\r\nTo: " + COLLEAGUE + "\r\nSubject: forged\r\n\r\nbody\r\n.");
            SmtpDialogue.Reply reply = smtp.read();
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains(COLLEAGUE);
        }
    }

    @Test
    void aMemberWritingAsTheOrgBoxIsNamedInSender() throws Exception {
        String subject = "Avis neurologique " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + WARD + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUE + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: Neurologie <" + WARD + ">\r\nSender: " + COLLEAGUE + "\r\nTo: " + COLLEAGUE
                + "\r\nSubject: " + subject + "\r\n\r\nAvis joint.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(COLLEAGUE, PASSWORD, subject);
        assertThat(client.header(COLLEAGUE, PASSWORD, subject, "Sender")).containsExactly(DOCTOR);
    }

    @Test
    void softwareSendingThroughItsApplicativeBoxCarriesItsRegisteredReference() throws Exception {
        String software = "dpi@" + DOMAIN;
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        assertThat(admin.put("/directory/boxes/" + software, "{\"type\":\"APP\",\"structure\":\"1750000036\","
            + "\"softwareRef\":\"DPI-Hopital-7.2\"}").statusCode()).isIn(200, 201);
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + software + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        String subject = "Compte rendu " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), software, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + software + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUE + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + software + "\r\nTo: " + COLLEAGUE + "\r\nX-MSS-NIL: Unregistered-0.0\r\nSubject: "
                + subject + "\r\n\r\nCompte rendu joint.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(COLLEAGUE, PASSWORD, subject);
        assertThat(client.header(COLLEAGUE, PASSWORD, subject, "X-MSS-NIL")).containsExactly("DPI-Hopital-7.2");
    }
}
