package fr.caducee.rules.patients;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.OnAcceptance;

/**
 * A patient's message must reply ({@code In-Reply-To} / {@code References}) to an open conversation and go only to
 * its participants; the one exception is a first message to one pharmacist ({@link PharmacistFirstContact}), which
 * opens a conversation of its own. An accepted reply joins its conversation, so that the professional's answer to
 * it stays in the same one.
 */
public class PatientReplyHook implements JamesMessageHook {
    private final Directory directory;
    private final ConversationStore conversations;
    private final PharmacistFirstContact pharmacist;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public PatientReplyHook(Directory directory, ConversationStore conversations, PharmacistFirstContact pharmacist,
                            AuditTrail audit) {
        this(directory, conversations, pharmacist, audit, Clock.systemUTC());
    }

    PatientReplyHook(Directory directory, ConversationStore conversations, PharmacistFirstContact pharmacist,
                     AuditTrail audit, Clock clock) {
        this.directory = directory;
        this.conversations = conversations;
        this.pharmacist = pharmacist;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            Optional<Patient> patient = PatientSessions.patientOf(session, directory);
            if (patient.isEmpty()) {
                return HookResult.DECLINED;
            }
            String self = PatientSessions.address(patient.get());
            Set<String> recipients = new LinkedHashSet<>();
            for (MailAddress recipient : mail.getRecipients()) {
                String address = BoxAddress.parse(recipient.asString()).address();
                if (!address.equals(self)) {
                    recipients.add(address);
                }
            }
            String messageId = MessageIds.ensure(mail.getMessage(), patient.get().boxAddress().domain());
            List<Conversation> repliedTo = conversations.containing(self, MessageIds.repliedTo(mail.getMessage()));
            Optional<Conversation> open = repliedTo.stream().filter(Conversation::isOpen).findFirst();
            if (open.isPresent()) {
                return reply(session, open.get(), recipients, messageId);
            }
            if (!repliedTo.isEmpty()) {
                return PatientRefusals.closed(repliedTo.get(0)).refuse(session, "DATA");
            }
            return firstContact(session, mail, patient.get(), recipients, messageId);
        } catch (MessagingException e) {
            return Rule.MESSAGE_UNREADABLE.refusal(
                "The message headers cannot be read: " + e.getMessage()).refuse(session, "DATA");
        } catch (DirectoryUnavailableException | ConversationStore.ConversationStoreUnavailableException
                 | AuditUnavailableException e) {
            return PatientRefusals.unavailable().refuse(session, "DATA");
        }
    }

    private HookResult reply(SMTPSession session, Conversation conversation, Set<String> recipients, String messageId) {
        Optional<String> stranger = recipients.stream().filter(recipient -> !conversation.includes(recipient)).findFirst();
        if (stranger.isPresent()) {
            return PatientRefusals.outsideConversation(stranger.get()).refuse(session, "DATA");
        }
        OnAcceptance.add(session, PatientRefusals.unavailable(),
            () -> conversations.addMessage(conversation.id(), messageId, Set.of(), clock.instant()));
        return HookResult.DECLINED;
    }

    private HookResult firstContact(SMTPSession session, Mail mail, Patient patient, Set<String> recipients,
                                    String messageId) {
        if (recipients.size() > 1) {
            return PatientRefusals.severalAtOnce().refuse(session, "DATA");
        }
        if (recipients.isEmpty()) {
            return HookResult.DECLINED;
        }
        String recipient = recipients.iterator().next();
        if (!pharmacist.allows(patient, BoxAddress.parse(recipient))) {
            return PatientRefusals.notAReply().refuse(session, "DATA");
        }
        // Opened once the spool holds the message (OnAcceptance): a message not accepted opens nothing.
        OnAcceptance.add(session, PatientRefusals.unavailable(), () -> {
            Conversation conversation = conversations.open(PatientSessions.address(patient),
                PatientSessions.address(patient), Set.of(recipient), messageId, clock.instant());
            ConversationAudit.record(audit, Rule.PHARMACIST_FIRST_CONTACT, conversation, messageId, session, mail);
        });
        return HookResult.DECLINED;
    }
}
