package fr.caducee.rules.senders;

import static fr.caducee.rules.smtp.Refusals.assertDeclined;
import static fr.caducee.rules.smtp.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.rules.TestDirectory;
import fr.caducee.rules.patients.FakeSmtpSession;

/** The From: header a recipient reads must be a box the login may write as; a team's box names who wrote. */
class FromHeaderHookTest {
    private static final StructureId CARDIOLOGY = StructureId.parse("750000036");
    private static final IdNat GP_ID = IdNat.parse("810000005479");
    private static final IdNat COLLEAGUE_ID = IdNat.parse("810000005487");
    private static final String GP = "dr.lefebvre@chu.localhost";
    private static final String COLLEAGUE = "dr.martin@chu.localhost";
    private static final String SECRETARIAT = "secretariat.cardio@chu.localhost";

    private final TestDirectory directory = new TestDirectory()
        .structure(CARDIOLOGY, "Cardiologie")
        .professional(GP_ID, "Lefebvre", "10")
        .professional(COLLEAGUE_ID, "Martin", "10")
        .personalBox(GP, GP_ID, Optional.empty(), BoxStatus.ACTIVE)
        .personalBox(COLLEAGUE, COLLEAGUE_ID, Optional.of(CARDIOLOGY), BoxStatus.ACTIVE)
        .organisationalBox(SECRETARIAT, CARDIOLOGY, COLLEAGUE_ID, Set.of(GP_ID));
    private final FromHeaderHook hook = new FromHeaderHook(directory.directory());
    private final SMTPSession session = FakeSmtpSession.submission(GP);

    @Test
    void theLoginsOwnBoxIsAcceptedAndASenderTheClientWroteIsRemoved() throws Exception {
        MimeMessage message = message("Dr Lefebvre <Dr.Lefebvre@chu.localhost>");
        message.setHeader("Sender", COLLEAGUE);

        assertDeclined(data(message), session);

        assertThat(message.getHeader("Sender")).isNull();
    }

    @Test
    void aTeamsBoxIsAcceptedFromAMemberAndTheSenderNamesTheMember() throws Exception {
        MimeMessage message = message("Secrétariat de cardiologie <" + SECRETARIAT + ">");
        message.setHeader("Sender", COLLEAGUE);

        assertDeclined(data(message), session);

        assertThat(message.getHeader("Sender")).containsExactly(GP);
    }

    @Test
    void aColleaguesBoxIsRefused() throws Exception {
        assertRefused(data(message(COLLEAGUE)), session, "550", "5.7.1", "from-header-not-allowed")
            .isEqualTo("The From: header (" + COLLEAGUE + ") is not a box you may write as: send from " + GP
                + " or from an organisational box you are a member of");
    }

    @Test
    void aMissingFromIsRefused() throws Exception {
        MimeMessage message = message(GP);
        message.removeHeader("From");

        assertRefused(data(message), session, "550", "5.7.1", "from-header-not-allowed")
            .startsWith("The From: header is missing a box you may write as");
    }

    @Test
    void severalAuthorsAreRefusedEvenWhenEachMayBeWrittenAs() throws Exception {
        assertRefused(data(message(GP + ", " + SECRETARIAT)), session, "550", "5.7.1", "from-header-not-allowed")
            .contains("(" + GP + ", " + SECRETARIAT + ")");
    }

    @Test
    void anAuthorThatIsNotAValidBoxAddressIsRefused() throws Exception {
        assertRefused(data(message("dr.lefebvre%relais@chu.localhost")), session, "550", "5.7.1",
            "from-header-not-allowed").startsWith("The From: header (dr.lefebvre%relais@chu.localhost) is not a valid "
                + "box address");
    }

    @Test
    void aFromThatCannotBeReadIsRefusedWithAnExampleOfWhatToWrite() throws Exception {
        assertRefused(data(message("Dr Lefebvre <dr.lefebvre@chu.localhost")), session, "550", "5.7.1",
            "from-header-not-allowed").isEqualTo("The From: header cannot be read: write it as a single address, "
                + "e.g. From: " + GP);
    }

    @Test
    void anUnreachableDirectoryAsksTheClientToTryAgainLater() throws Exception {
        directory.becomeUnreachable();

        assertRefused(data(message(GP)), session, "451", "4.4.3", "directory-unavailable")
            .contains("try again later");
    }

    @Test
    void withoutLoginTheFromIsLeftToTheOtherRules() throws Exception {
        SMTPSession mx = FakeSmtpSession.mxInClear();
        MimeMessage message = message(COLLEAGUE);

        assertDeclined(hook.onMessage(mx, FakeMail.builder().name("m").mimeMessage(message).build()), mx);
        assertThat(message.getHeader("Sender")).isNull();
    }

    private HookResult data(MimeMessage message) throws Exception {
        return hook.onMessage(session, FakeMail.builder().name("m").mimeMessage(message).build());
    }

    private static MimeMessage message(String from) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setHeader("From", from);
        message.setSubject("Compte rendu");
        message.setText("texte");
        return message;
    }
}
