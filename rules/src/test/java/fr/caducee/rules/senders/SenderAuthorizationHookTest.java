package fr.caducee.rules.senders;

import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.rules.TestDirectory;
import fr.caducee.rules.patients.FakeSmtpSession;

/** Who may be the envelope sender: the boxes a login may write as on submission, no local address on the MX. */
class SenderAuthorizationHookTest {
    private static final StructureId CARDIOLOGY = StructureId.parse("750000036");
    private static final IdNat GP_ID = IdNat.parse("810000005479");
    private static final IdNat COLLEAGUE_ID = IdNat.parse("810000005487");
    private static final String GP = "dr.lefebvre@chu.localhost";
    private static final String GP_PRACTICE = "cabinet.lefebvre@chu.localhost";
    private static final String GP_FORMER = "dr.lefebvre.ancien@chu.localhost";
    private static final String COLLEAGUE = "dr.martin@chu.localhost";
    private static final String SECRETARIAT = "secretariat.cardio@chu.localhost";
    private static final String PATIENT = "146026322000196@patient.chu.localhost";

    private final TestDirectory directory = new TestDirectory()
        .structure(CARDIOLOGY, "Cardiologie")
        .professional(GP_ID, "Lefebvre", "10")
        .professional(COLLEAGUE_ID, "Martin", "10")
        .personalBox(GP, GP_ID, Optional.empty(), BoxStatus.ACTIVE)
        .personalBox(GP_PRACTICE, GP_ID, Optional.empty(), BoxStatus.ACTIVE)
        .personalBox(GP_FORMER, GP_ID, Optional.empty(), BoxStatus.SUSPENDED)
        .personalBox(COLLEAGUE, COLLEAGUE_ID, Optional.of(CARDIOLOGY), BoxStatus.ACTIVE)
        .organisationalBox(SECRETARIAT, CARDIOLOGY, COLLEAGUE_ID, Set.of(GP_ID))
        .patient(Ins.parse("146026322000196"), "chu.localhost");
    private final DomainList localDomains = mock(DomainList.class);
    private final SenderAuthorizationHook hook = new SenderAuthorizationHook(directory.directory(), localDomains);

    SenderAuthorizationHookTest() throws Exception {
        when(localDomains.containsDomain(any())).thenAnswer(call ->
            call.<Domain>getArgument(0).asString().endsWith("chu.localhost"));
    }

    @Test
    void aLoginMaySendAsItsOwnBox() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertDeclined(mail(session, GP), session);
    }

    @Test
    void aLoginMaySendAsAnotherPersonalBoxOfTheSameProfessional() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertDeclined(mail(session, GP_PRACTICE), session);
    }

    @Test
    void aMemberMaySendAsTheOrganisationalBoxOfTheirTeam() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertDeclined(mail(session, SECRETARIAT), session);
    }

    @Test
    void aPatientMaySendAsTheirOwnBox() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(PATIENT);

        assertDeclined(mail(session, PATIENT), session);
    }

    @Test
    void aLoginMayNotSendAsAColleaguesBox() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertRefused(mail(session, COLLEAGUE), session, "550", "5.7.1", "sender-not-allowed")
            .isEqualTo(GP + " may not send as " + COLLEAGUE
                + ": only as its own boxes and the organisational boxes it is a member of");
    }

    @Test
    void aLoginMayNotSendAsItsOwnSuspendedBox() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertRefused(mail(session, GP_FORMER), session, "550", "5.7.1", "sender-not-allowed");
    }

    @Test
    void anOrganisationalBoxLoginMayNotSendAsItsMembersBoxes() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(SECRETARIAT);

        assertRefused(mail(session, GP), session, "550", "5.7.1", "sender-not-allowed");
    }

    @Test
    void aPatientMayNotSendAsAProfessional() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(PATIENT);

        assertRefused(mail(session, GP), session, "550", "5.7.1", "sender-not-allowed");
    }

    @Test
    void aMailClientMustGiveASender() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertRefused(hook.doMail(session, MaybeSender.nullSender()), session, "550", "5.7.1", "sender-empty")
            .isEqualTo("A message sent by a mail client needs a sender: use MAIL FROM:<" + GP + ">");
    }

    @Test
    void aSenderThatIsNotAValidBoxAddressIsRefusedAsMalformed() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertRefused(mail(session, "dr.lefebvre%relais@chu.localhost"), session, "553", "5.1.7", "sender-malformed")
            .contains("dr.lefebvre%relais@chu.localhost");
    }

    @Test
    void theSenderIsCheckedAgainAtRcptForAClientThatPipelinedMailBeforeItsLoginWasKnown() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);

        assertRefused(hook.doRcpt(session, MaybeSender.getMailSender(COLLEAGUE), new MailAddress("x@clinique.localhost")),
            session, "550", "5.7.1", "sender-not-allowed");
    }

    @Test
    void anUnreachableDirectoryAsksTheClientToTryAgainLater() throws Exception {
        SMTPSession session = FakeSmtpSession.submission(GP);
        directory.becomeUnreachable();

        assertRefused(mail(session, GP), session, "451", "4.4.3", "directory-unavailable")
            .contains("try again later");
    }

    @Test
    void onTheMxAnAddressOfThisOperatorIsRefusedToAnyoneNotLoggedIn() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();

        assertRefused(mail(session, GP), session, "530", "5.7.0", "sender-local-unauthenticated")
            .isEqualTo(GP + " is an address of this operator: log in on the submission port to send as it");
    }

    @Test
    void onASubmissionPortBeforeLoginAnAddressOfThisOperatorIsRefused() throws Exception {
        SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

        assertRefused(mail(session, PATIENT), session, "530", "5.7.0", "sender-local-unauthenticated");
    }

    @Test
    void onTheMxAnotherOperatorsSenderIsLeftToTheOtherRules() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();

        assertDeclined(mail(session, "dr.durand@clinique.localhost"), session);
    }

    @Test
    void onTheMxTheEmptySenderOfABounceIsLeftToTheOtherRules() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();

        assertDeclined(hook.doMail(session, MaybeSender.nullSender()), session);
    }

    @Test
    void aClientAllowedToRelayMayUseAnAddressOfThisOperatorWithoutLogin() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        session.setRelayingAllowed(true);

        assertDeclined(mail(session, GP), session);
    }

    @Test
    void onTheMxAnUnreadableDomainListAsksTheClientToTryAgainLater() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        doThrow(new DomainListException("domain list unreachable")).when(localDomains).containsDomain(any());

        assertRefused(mail(session, GP), session, "451", "4.4.3", "directory-unavailable");
    }

    private HookResult mail(SMTPSession session, String sender) throws Exception {
        return hook.doMail(session, MaybeSender.getMailSender(sender));
    }
}
