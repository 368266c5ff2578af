package fr.caducee.rules.patients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.smtp.AcceptedMessages;

class ConversationTrackingHookTest {
    private static final String GP = "dr.lefebvre@chu.localhost";
    private static final String PATIENT = "269029912345614@patient.chu.localhost";
    private static final String REMOTE_PATIENT = "285017512345656@patient.clinique.localhost";
    private static final String CARDIOLOGIST = "dr.moreau@chu.localhost";

    private final List<AuditRecord> trail = new ArrayList<>();
    private final SMTPSession session = FakeSmtpSession.submission(GP);
    private final InMemoryConversationStore conversations = new InMemoryConversationStore();
    private ConversationTrackingHook hook;

    @BeforeEach
    void createStore() throws Exception {
        DomainList localDomains = mock(DomainList.class);
        when(localDomains.containsDomain(any())).thenAnswer(call ->
            call.<Domain>getArgument(0).asString().equals("patient.chu.localhost"));
        hook = new ConversationTrackingHook(conversations, localDomains, trail::add,
            Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aSubjectThatBeginsWithFinClosesTheConversationItRepliesToAndGetsTheHeader() throws Exception {
        String opening = send(GP, "Résultats", null, PATIENT);
        MimeMessage closing = message("[FIN] Suivi terminé", opening);

        assertThat(AcceptedMessages.through(hook, session, mail(GP, closing, PATIENT))).isEqualTo(HookResult.DECLINED);

        assertThat(conversations.lastInvolving(PATIENT, GP)).get().satisfies(conversation -> {
            assertThat(conversation.isOpen()).isFalse();
            assertThat(conversation.closedBy()).contains(GP);
        });
        assertThat(closing.getHeader("X-MSS-MES")).containsExactly("FIN");
        assertThat(trail).filteredOn(record -> record.decision() == Decision.CONVERSATION_CLOSED)
            .singleElement().satisfies(record -> assertThat(record.rule()).isEqualTo("subject-fin"));
    }

    @Test
    void theHeaderClosesAsBeforeAndIsNotRepeated() throws Exception {
        String opening = send(GP, "Résultats", null, PATIENT);
        MimeMessage closing = message("Re: Résultats", opening);
        closing.setHeader("X-MSS-MES", "FIN");

        AcceptedMessages.through(hook, session, mail(GP, closing, PATIENT));

        assertThat(conversations.lastInvolving(PATIENT, GP)).map(Conversation::isOpen).contains(false);
        assertThat(closing.getHeader("X-MSS-MES")).containsExactly("FIN");
        assertThat(trail).filteredOn(record -> record.decision() == Decision.CONVERSATION_CLOSED)
            .singleElement().satisfies(record -> assertThat(record.rule()).isEqualTo("x-mss-mes-fin"));
    }

    @Test
    void aBareFinSubjectInAnyCaseThatRepliesToNothingClosesEveryOpenConversationWithThatProfessional() throws Exception {
        send(GP, "Résultats", null, PATIENT);
        send(GP, "Rendez-vous", null, PATIENT);
        String withCardiologist = send(CARDIOLOGIST, "Échographie", null, PATIENT);

        AcceptedMessages.through(hook, session, mail(GP, message("  [fin]", null), PATIENT));

        assertThat(conversations.openInvolving(PATIENT, GP)).isEmpty();
        assertThat(conversations.containing(PATIENT, List.of(withCardiologist))).singleElement()
            .satisfies(conversation -> assertThat(conversation.isOpen()).isTrue());
    }

    @Test
    void anEncodedSubjectIsReadDecoded() throws Exception {
        String opening = send(GP, "Résultats", null, PATIENT);
        MimeMessage closing = message(null, opening);
        closing.setHeader("Subject", "=?UTF-8?Q?[FIN]_Suivi_termin=C3=A9?=");

        AcceptedMessages.through(hook, session, mail(GP, closing, PATIENT));

        assertThat(conversations.lastInvolving(PATIENT, GP)).map(Conversation::isOpen).contains(false);
    }

    @Test
    void aReplyToAClosingMessageDoesNotCloseAnythingAgain() throws Exception {
        String open = send(GP, "Rendez-vous", null, PATIENT);
        MimeMessage reply = message("Re: [FIN] Suivi terminé", null);

        AcceptedMessages.through(hook, session, mail(GP, reply, PATIENT));

        assertThat(conversations.containing(PATIENT, List.of(open))).singleElement()
            .satisfies(conversation -> assertThat(conversation.isOpen()).isTrue());
        assertThat(reply.getHeader("X-MSS-MES")).isNull();
        assertThat(trail).noneMatch(record -> record.decision() == Decision.CONVERSATION_CLOSED);
    }

    @Test
    void aClosingSubjectToAnotherOperatorsPatientGetsTheHeaderForThatOperator() throws Exception {
        MimeMessage closing = message("[FIN]", null);

        AcceptedMessages.through(hook, session, mail(GP, closing, REMOTE_PATIENT));

        assertThat(closing.getHeader("X-MSS-MES")).containsExactly("FIN");
        assertThat(conversations.lastInvolving(REMOTE_PATIENT, GP)).isEmpty();
    }

    @Test
    void aFinSubjectBetweenProfessionalsIsLeftAlone() throws Exception {
        MimeMessage message = message("[FIN] dossier clos", null);

        AcceptedMessages.through(hook, session, mail(GP, message, CARDIOLOGIST));

        assertThat(message.getHeader("X-MSS-MES")).isNull();
    }

    @Test
    void aMessageTheSpoolDoesNotHoldOpensNothing() throws Exception {
        MimeMessage message = message("Résultats", null);

        assertThat(hook.onMessage(session, mail(GP, message, PATIENT))).isEqualTo(HookResult.DECLINED);

        assertThat(conversations.lastInvolving(PATIENT, GP)).isEmpty();
        assertThat(trail).isEmpty();
        assertThat(message.getMessageID()).as("the Message-ID the conversation will know").isNotNull();
    }

    /** A message from that box through the hook; its Message-ID. */
    private String send(String from, String subject, String inReplyTo, String... to) throws Exception {
        MimeMessage message = message(subject, inReplyTo);
        AcceptedMessages.through(hook, session, mail(from, message, to));
        return message.getMessageID();
    }

    private static MimeMessage message(String subject, String inReplyTo) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setHeader("Message-ID", "<" + UUID.randomUUID() + "@chu.localhost>");
        if (subject != null) {
            message.setSubject(subject, "UTF-8");
        }
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
            message.setHeader("References", inReplyTo);
        }
        message.setText("Bonjour.", "UTF-8");
        return message;
    }

    private static FakeMail mail(String from, MimeMessage message, String... to) throws Exception {
        return FakeMail.builder().name("m-" + UUID.randomUUID()).sender(from).recipients(to).mimeMessage(message).build();
    }
}
