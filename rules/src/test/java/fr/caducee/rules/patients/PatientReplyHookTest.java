package fr.caducee.rules.patients;

import static fr.caducee.rules.TestDirectory.dispensing;
import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.rules.TestDirectory;
import fr.caducee.rules.smtp.AcceptedMessages;

/** At DATA, a patient's message must reply to an open conversation and go only to its participants. */
class PatientReplyHookTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final StructureId PHARMACY = StructureId.parse("750000028");
    private static final IdNat GP_ID = IdNat.parse("810000005479");
    private static final IdNat PHARMACIST_ID = IdNat.parse("810000012343");
    private static final Ins PATIENT_INS = Ins.parse("146026322000196");
    private static final String GP = "dr.lefebvre@chu.localhost";
    private static final String CARDIOLOGIST = "dr.moreau@chu.localhost";
    private static final String PHARMACIST = "pharmacie.centrale@chu.localhost";
    private static final String PATIENT = "146026322000196@patient.chu.localhost";
    private static final String OPENING = "<resultats@chu.localhost>";

    private final TestDirectory directory = new TestDirectory()
        .structure(PHARMACY, "Pharmacie centrale")
        .professional(GP_ID, "Lefebvre", "10")
        .professional(PHARMACIST_ID, "Petit", "21")
        .personalBox(GP, GP_ID, Optional.empty(), BoxStatus.ACTIVE)
        .personalBox(PHARMACIST, PHARMACIST_ID, Optional.of(PHARMACY), BoxStatus.ACTIVE);
    private final InMemoryConversationStore conversations = new InMemoryConversationStore();
    private final List<AuditRecord> trail = new ArrayList<>();
    private final SMTPSession session = FakeSmtpSession.submission(PATIENT);

    @Test
    void aReplyWithinAnOpenConversationIsAcceptedAndJoinsIt() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        Conversation conversation = conversations.open(PATIENT, GP, Set.of(GP), OPENING, NOW.minusSeconds(3_600));
        MimeMessage reply = message("<reponse@patient.chu.localhost>", OPENING);

        assertDeclined(data(reply, GP), session);

        assertThat(conversations.containing(PATIENT, List.of("<reponse@patient.chu.localhost>")))
            .extracting(Conversation::id).containsExactly(conversation.id());
        assertThat(trail).isEmpty();
    }

    @Test
    void aReplyNamingTheOpeningOnlyInReferencesIsAccepted() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP), OPENING, NOW);
        MimeMessage reply = message("<reponse@patient.chu.localhost>", null);
        reply.setHeader("References", "<autre@ailleurs.localhost> " + OPENING);

        assertDeclined(data(reply, GP), session);
    }

    @Test
    void aReplyToAllTheProfessionalsOfAConversationIsAccepted() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP, CARDIOLOGIST), OPENING, NOW);

        assertDeclined(data(message(null, OPENING), GP, CARDIOLOGIST, PATIENT), session);
    }

    @Test
    void aReplyThatAlsoGoesToSomeoneOutsideTheConversationIsRefused() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP), OPENING, NOW);
        MimeMessage reply = message("<reponse@patient.chu.localhost>", OPENING);

        assertRefused(data(reply, GP, CARDIOLOGIST), session, "550", "5.7.1", "patient-outside-conversation")
            .isEqualTo(CARDIOLOGIST + " is not part of the conversation you are replying to: reply only to its "
                + "participants");
        assertThat(conversations.containing(PATIENT, List.of("<reponse@patient.chu.localhost>"))).isEmpty();
    }

    @Test
    void aReplyToAClosedConversationIsRefusedNamingWhoClosedItAndOnWhatDay() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        Conversation conversation = conversations.open(PATIENT, GP, Set.of(GP), OPENING,
            Instant.parse("2026-11-02T08:00:00Z"));
        conversations.close(conversation.id(), GP, Instant.parse("2026-11-20T15:00:00Z"));

        assertRefused(data(message(null, OPENING), GP), session, "550", "5.7.1", "conversation-closed")
            .isEqualTo(GP + " closed this conversation on 20 November 2026: you can no longer reply to it; wait for a "
                + "new message from your professional");
    }

    @Test
    void aNewMessageThatRepliesToNothingIsRefused() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP), OPENING, NOW);

        assertRefused(data(message(null, null), GP), session, "550", "5.7.1", "patient-not-a-reply")
            .contains("use Reply on the professional's message");
    }

    @Test
    void aNewMessageToSeveralProfessionalsIsRefused() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-11-10"));

        assertRefused(data(message(null, null), PHARMACIST, GP), session, "550", "5.7.1", "patient-several-recipients")
            .contains("write to one pharmacy at a time");
        assertThat(conversations.lastInvolving(PATIENT, PHARMACIST)).isEmpty();
    }

    @Test
    void aFirstMessageToThePharmacyOfARecentDispensingOpensAConversationAndIsAudited() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-01-10"));

        assertDeclined(data(message("<ordonnance@patient.chu.localhost>", null), PHARMACIST), session);

        assertThat(conversations.openInvolving(PATIENT, PHARMACIST)).singleElement().satisfies(conversation -> {
            assertThat(conversation.openedBy()).isEqualTo(PATIENT);
            assertThat(conversation.openedAt()).isEqualTo(NOW);
            assertThat(conversation.participants()).containsExactly(PHARMACIST);
        });
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.CONVERSATION_OPENED);
            assertThat(record.rule()).isEqualTo("pharmacist-first-contact");
            assertThat(record.login()).isEqualTo(PATIENT);
        });
    }

    @Test
    void aFirstMessageToThePharmacyOfADispensingOlderThanTwelveMonthsIsRefused() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2025-12-05"));

        assertRefused(data(message(null, null), PHARMACIST), session, "550", "5.7.1", "patient-not-a-reply");
        assertThat(conversations.lastInvolving(PATIENT, PHARMACIST)).isEmpty();
        assertThat(trail).isEmpty();
    }

    @Test
    void aMessageWithoutMessageIdGetsOneOnThePatientsDomainSoThatTheAnswerCanReplyToIt() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP), OPENING, NOW);
        MimeMessage reply = message(null, OPENING);
        reply.removeHeader("Message-ID");

        assertDeclined(data(reply, GP), session);

        assertThat(reply.getHeader("Message-ID", null)).matches("<[0-9a-f-]+@patient\\.chu\\.localhost>");
        assertThat(conversations.containing(PATIENT, List.of(reply.getHeader("Message-ID", null)))).hasSize(1);
    }

    @Test
    void aProfessionalsMessageIsNotThisRulesBusiness() throws Exception {
        SMTPSession professional = FakeSmtpSession.submission(GP);

        assertDeclined(hook().onMessage(professional, mail(message(null, null), PATIENT)), professional);
    }

    @Test
    void anUnreachableDirectoryAsksThePatientToTryAgainLater() throws Exception {
        directory.becomeUnreachable();

        assertRefused(data(message(null, OPENING), GP), session, "451", "4.3.0", "conversations-unavailable");
    }

    @Test
    void aConversationOpenedWhileTheAuditTrailIsUnavailableAsksThePatientToTryAgainLater() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-11-10"));
        PatientReplyHook hook = new PatientReplyHook(directory.directory(), conversations, pharmacist(),
            record -> {
                throw new AuditUnavailableException("audit disk full", null);
            }, Clock.fixed(NOW, ZoneOffset.UTC));

        assertRefused(AcceptedMessages.through(hook, session, mail(message(null, null), PHARMACIST)), session, "451", "4.3.0",
            "conversations-unavailable");
    }

    private HookResult data(MimeMessage message, String... recipients) throws Exception {
        return AcceptedMessages.through(hook(), session, mail(message, recipients));
    }

    private PatientReplyHook hook() {
        return new PatientReplyHook(directory.directory(), conversations, pharmacist(), trail::add,
            Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private PharmacistFirstContact pharmacist() {
        return new PharmacistFirstContact(directory.directory(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static MimeMessage message(String messageId, String inReplyTo) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(PATIENT);
        message.setSubject("Re: Résultats", "UTF-8");
        message.setText("Merci docteur.", "UTF-8");
        message.saveChanges();
        message.setHeader("Message-ID", messageId == null ? "<" + System.nanoTime() + "@patient.chu.localhost>"
            : messageId);
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
        }
        return message;
    }

    private static FakeMail mail(MimeMessage message, String... recipients) throws Exception {
        return FakeMail.builder().name("m").sender(PATIENT).recipients(recipients).mimeMessage(message).build();
    }
}
