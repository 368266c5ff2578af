package fr.caducee.rules.patients;

import static fr.caducee.rules.TestDirectory.dispensing;
import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.rules.TestDirectory;
import fr.caducee.rules.recipients.RecordBox;

/** Whom a patient may name at RCPT: professionals of an open conversation and their pharmacist, never a patient. */
class PatientRecipientHookTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final StructureId PHARMACY = StructureId.parse("750000028");
    private static final IdNat GP_ID = IdNat.parse("810000005479");
    private static final IdNat PHARMACIST_ID = IdNat.parse("810000012343");
    private static final Ins PATIENT_INS = Ins.parse("146026322000196");
    private static final Ins OTHER_PATIENT_INS = Ins.parse("269029912345614");
    private static final String GP = "dr.lefebvre@chu.localhost";
    private static final String PHARMACIST = "pharmacie.centrale@chu.localhost";
    private static final String PATIENT = "146026322000196@patient.chu.localhost";
    private static final String OTHER_PATIENT = "269029912345614@patient.chu.localhost";
    private static final String REMOTE_PATIENT = "146026322000196@patient.clinique.localhost";
    private static final String RECORD_BOX = "dmp@chu.localhost";

    private final TestDirectory directory = new TestDirectory()
        .structure(PHARMACY, "Pharmacie centrale")
        .professional(GP_ID, "Lefebvre", "10")
        .professional(PHARMACIST_ID, "Petit", "21")
        .personalBox(GP, GP_ID, Optional.empty(), BoxStatus.ACTIVE)
        .personalBox(PHARMACIST, PHARMACIST_ID, Optional.of(PHARMACY), BoxStatus.ACTIVE)
        .patient(OTHER_PATIENT_INS, "chu.localhost");
    private final InMemoryConversationStore conversations = new InMemoryConversationStore();
    private final SMTPSession session = FakeSmtpSession.submission(PATIENT);

    @Test
    void aPatientWritingFirstToAProfessionalIsRefusedAndToldWhomTheyMayWriteFirst() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");

        assertRefused(rcpt(GP), session, "550", "5.7.1", "patient-first-contact")
            .contains(GP + " has not written to you")
            .contains("a pharmacy where you had a dispensing in the last 12 months");
    }

    @Test
    void aPatientMayWriteToAProfessionalWithWhomAConversationIsOpen() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP), "<resultats@chu.localhost>", NOW.minusSeconds(3_600));

        assertDeclined(rcpt(GP), session);
    }

    @Test
    void aClosedConversationIsRefusedNamingWhoClosedItAndOnWhatDay() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        Conversation conversation = conversations.open(PATIENT, GP, Set.of(GP), "<resultats@chu.localhost>",
            Instant.parse("2026-11-02T08:00:00Z"));
        conversations.close(conversation.id(), GP, Instant.parse("2026-11-30T23:30:00Z"));

        assertRefused(rcpt(GP), session, "550", "5.7.1", "conversation-closed")
            .startsWith(GP + " closed this conversation on 1 December 2026")
            .contains("you can no longer reply to it");
    }

    @Test
    void aNewerOpenConversationWithTheSameProfessionalOutweighsAClosedOne() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        Conversation old = conversations.open(PATIENT, GP, Set.of(GP), "<ancien@chu.localhost>",
            Instant.parse("2026-10-01T08:00:00Z"));
        conversations.close(old.id(), GP, Instant.parse("2026-10-15T08:00:00Z"));
        conversations.open(PATIENT, GP, Set.of(GP), "<nouveau@chu.localhost>", Instant.parse("2026-11-01T08:00:00Z"));

        assertDeclined(rcpt(GP), session);
    }

    @Test
    void aPatientWritingToAnotherPatientIsRefusedEvenWithAConversationOpen() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        conversations.open(PATIENT, GP, Set.of(GP, OTHER_PATIENT), "<groupe@chu.localhost>", NOW);

        assertRefused(rcpt(OTHER_PATIENT), session, "550", "5.7.1", "patient-to-patient")
            .isEqualTo(OTHER_PATIENT + " is a patient's box: patients can write only to the health professionals who "
                + "care for them");
    }

    @Test
    void aPatientMayNameTheirOwnBox() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");

        assertDeclined(rcpt(PATIENT), session);
    }

    @Test
    void aPatientMayWriteFirstToThePharmacyOfADispensingInTheLastTwelveMonths() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-01-10"));

        assertDeclined(rcpt(PHARMACIST), session);
    }

    @Test
    void aDispensingOlderThanTwelveMonthsNoLongerLetsThePatientWriteFirst() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2025-12-05"));

        assertRefused(rcpt(PHARMACIST), session, "550", "5.7.1", "patient-first-contact");
    }

    @Test
    void aDispensingDoesNotLetThePatientWriteFirstToADoctor() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-11-10"));

        assertRefused(rcpt(GP), session, "550", "5.7.1", "patient-first-contact");
    }

    @Test
    void eachOfSeveralRecipientsIsJudgedOnItsOwn() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost", dispensing(PHARMACY, "2026-11-10"));
        String cardiologist = "dr.moreau@chu.localhost";
        conversations.open(PATIENT, GP, Set.of(GP), "<resultats@chu.localhost>", NOW);

        assertDeclined(rcpt(GP), session);
        assertDeclined(rcpt(PHARMACIST), session);
        assertRefused(rcpt(cardiologist), session, "550", "5.7.1", "patient-first-contact").contains(cardiologist);
    }

    @Test
    void aProfessionalsRecipientsAreNotThisRulesBusiness() throws Exception {
        SMTPSession professional = FakeSmtpSession.submission(GP);

        assertDeclined(hook().doRcpt(professional, MaybeSender.getMailSender(GP), new MailAddress(OTHER_PATIENT)),
            professional);
    }

    @Test
    void onTheMxAnotherOperatorsPatientWritingToAPatientHereIsRefused() throws Exception {
        SMTPSession mx = FakeSmtpSession.mxInClear();

        assertRefused(hook().doRcpt(mx, MaybeSender.getMailSender(REMOTE_PATIENT), new MailAddress(OTHER_PATIENT)), mx,
            "550", "5.7.1", "patient-to-patient");
    }

    @Test
    void onTheMxAnotherOperatorsPatientMayWriteToAProfessionalHere() throws Exception {
        SMTPSession mx = FakeSmtpSession.mxInClear();

        assertDeclined(hook().doRcpt(mx, MaybeSender.getMailSender(REMOTE_PATIENT), new MailAddress(GP)), mx);
    }

    @Test
    void onTheMxAProfessionalMayWriteToAPatientHere() throws Exception {
        SMTPSession mx = FakeSmtpSession.mxInClear();

        assertDeclined(hook().doRcpt(mx, MaybeSender.getMailSender("dr.remote@clinique.localhost"),
            new MailAddress(OTHER_PATIENT)), mx);
    }

    @Test
    void aPatientWritingToTheSharedRecordsBoxIsRefusedAndToldWhoDeposits() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        PatientRecipientHook hook = new PatientRecipientHook(directory.directory(), conversations, pharmacist(),
            RecordBox.of(RECORD_BOX));

        assertRefused(hook.doRcpt(session, MaybeSender.getMailSender(PATIENT), new MailAddress("DMP@chu.localhost")),
            session, "550", "5.7.1", "record-box-from-patient")
            .contains("shared record's box").contains("ask the professional who cares for you");
    }

    @Test
    void onTheMxAnotherOperatorsPatientWritingToTheSharedRecordsBoxIsRefused() throws Exception {
        SMTPSession mx = FakeSmtpSession.mxInClear();
        PatientRecipientHook hook = new PatientRecipientHook(directory.directory(), conversations, pharmacist(),
            RecordBox.of(RECORD_BOX));

        assertRefused(hook.doRcpt(mx, MaybeSender.getMailSender(REMOTE_PATIENT), new MailAddress(RECORD_BOX)), mx,
            "550", "5.7.1", "record-box-from-patient");
    }

    @Test
    void aProfessionalMayWriteToTheSharedRecordsBox() throws Exception {
        SMTPSession professional = FakeSmtpSession.submission(GP);
        PatientRecipientHook hook = new PatientRecipientHook(directory.directory(), conversations, pharmacist(),
            RecordBox.of(RECORD_BOX));

        assertDeclined(hook.doRcpt(professional, MaybeSender.getMailSender(GP), new MailAddress(RECORD_BOX)),
            professional);
    }

    @Test
    void anUnreachableDirectoryAsksThePatientToTryAgainLater() throws Exception {
        directory.becomeUnreachable();

        assertRefused(rcpt(GP), session, "451", "4.3.0", "conversations-unavailable")
            .contains("try again in a few minutes");
    }

    @Test
    void anUnreachableConversationStoreAsksThePatientToTryAgainLater() throws Exception {
        directory.patient(PATIENT_INS, "chu.localhost");
        ConversationStore unreachable = mock(ConversationStore.class);
        when(unreachable.openInvolving(anyString(), anyString()))
            .thenThrow(new ConversationStore.ConversationStoreUnavailableException("database down", null));
        PatientRecipientHook hook = new PatientRecipientHook(directory.directory(), unreachable, pharmacist());

        assertRefused(hook.doRcpt(session, MaybeSender.getMailSender(PATIENT), new MailAddress(GP)), session,
            "451", "4.3.0", "conversations-unavailable");
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook().doRcpt(session, MaybeSender.getMailSender(PATIENT), new MailAddress(recipient));
    }

    private PatientRecipientHook hook() {
        return new PatientRecipientHook(directory.directory(), conversations, pharmacist());
    }

    private PharmacistFirstContact pharmacist() {
        return new PharmacistFirstContact(directory.directory(), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
