package fr.caducee.rules.patients;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.OnAcceptance;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Keeps the conversations of this operator's patients up to date with what professionals send them, on every port
 * (a professional of another operator opens conversations too): a message to a patient that replies to one of the
 * patient's open conversations joins it, with its professional co-recipients as new participants; any other opens
 * a new one. {@code X-MSS-MES: FIN} closes the conversation it belongs to, or, when it replies to none, every open
 * conversation between its sender and the patient. The conversation is written when the spool holds the message
 * ({@link OnAcceptance}), its headers ({@code X-MSS-MES}, Message-ID) set here. Patients' own messages are left to {@link PatientReplyHook}.
 */
public class ConversationTrackingHook implements JamesMessageHook {
    static final SmtpRefusal UNAVAILABLE = Rule.CONVERSATIONS_UNAVAILABLE.refusal(
        "Cannot record the conversation with the patient right now: try again later");
    private final ConversationStore conversations;
    private final DomainList localDomains;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public ConversationTrackingHook(ConversationStore conversations, DomainList localDomains, AuditTrail audit) {
        this(conversations, localDomains, audit, Clock.systemUTC());
    }

    ConversationTrackingHook(ConversationStore conversations, DomainList localDomains, AuditTrail audit, Clock clock) {
        this.conversations = conversations;
        this.localDomains = localDomains;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            if (mail.getMaybeSender().isNullSender() || isPatient(mail.getMaybeSender().get())) {
                return HookResult.DECLINED;
            }
            String sender = BoxAddress.parse(mail.getMaybeSender().get().asString()).address();
            Set<String> patients = new LinkedHashSet<>();
            Set<String> professionals = new LinkedHashSet<>();
            professionals.add(sender);
            boolean toPatient = false;
            for (MailAddress recipient : mail.getRecipients()) {
                if (!isPatient(recipient)) {
                    professionals.add(BoxAddress.parse(recipient.asString()).address());
                    continue;
                }
                toPatient = true;
                if (localDomains.containsDomain(recipient.getDomain())) {
                    patients.add(BoxAddress.parse(recipient.asString()).address());
                }
            }
            if (!toPatient) {
                return HookResult.DECLINED;
            }
            MimeMessage message = mail.getMessage();
            Optional<ClosingMessage.Signal> closing = ClosingMessage.of(message);
            if (closing.equals(Optional.of(ClosingMessage.Signal.SUBJECT))) {
                ClosingMessage.addHeader(message);
            }
            if (patients.isEmpty()) {
                return HookResult.DECLINED;
            }
            String messageId = MessageIds.ensure(message, mail.getMaybeSender().get().getDomain().asString());
            List<String> repliedTo = MessageIds.repliedTo(message);
            // Written once the spool holds the message: a message refused after this hook opens nothing.
            OnAcceptance.add(session, UNAVAILABLE, () -> {
                for (String patient : patients) {
                    track(session, mail, patient, sender, professionals, messageId, repliedTo, closing);
                }
            });
            return HookResult.DECLINED;
        } catch (InvalidIdentifierException e) {
            // Addresses were checked at MAIL and RCPT; one the directory's rules cannot read is not a conversation.
            return HookResult.DECLINED;
        } catch (MessagingException e) {
            return Rule.MESSAGE_UNREADABLE.refusal(
                "The message headers cannot be read: " + e.getMessage()).refuse(session, "DATA");
        } catch (DomainListException | ConversationStore.ConversationStoreUnavailableException
                 | AuditUnavailableException e) {
            return UNAVAILABLE.refuse(session, "DATA");
        }
    }

    private void track(SMTPSession session, Mail mail, String patient, String sender, Set<String> professionals,
                       String messageId, List<String> repliedTo, Optional<ClosingMessage.Signal> closing) {
        Instant now = clock.instant();
        Optional<Conversation> current = conversations.containing(patient, repliedTo).stream()
            .filter(Conversation::isOpen).findFirst();
        if (current.isPresent()) {
            conversations.addMessage(current.get().id(), messageId, professionals, now);
            if (closing.isPresent()) {
                close(session, mail, current.get(), sender, messageId, now, closing.get());
            }
            return;
        }
        if (closing.isPresent()) {
            for (Conversation open : conversations.openInvolving(patient, sender)) {
                conversations.addMessage(open.id(), messageId, Set.of(), now);
                close(session, mail, open, sender, messageId, now, closing.get());
            }
            return;
        }
        Conversation opened = conversations.open(patient, sender, professionals, messageId, now);
        ConversationAudit.record(audit, Rule.PROFESSIONAL_WROTE, opened, messageId, session, mail);
    }

    private void close(SMTPSession session, Mail mail, Conversation conversation, String sender, String messageId,
                       Instant now, ClosingMessage.Signal signal) {
        conversations.close(conversation.id(), sender, now);
        ConversationAudit.record(audit, signal.rule(), conversation, messageId, session, mail);
    }

    private static boolean isPatient(MailAddress address) {
        return PatientAddress.isPatientDomain(address.getDomain().asString());
    }
}
