package fr.caducee.rules.patients;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.recipients.RecordBox;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Whom a patient may write to, decided at RCPT so that the webmail can tell the patient at once: a professional box
 * with an open conversation with them, or their pharmacist ({@link PharmacistFirstContact}); never another patient.
 * Whether the message really replies to that conversation is checked at DATA ({@link PatientReplyHook}).
 * On the MX, a patient of another operator is likewise never let through to a patient here. No patient writes to the
 * shared record's box ({@link RecordBox}): documents reach the record from professionals' software.
 */
public class PatientRecipientHook implements RcptHook {
    private final Directory directory;
    private final ConversationStore conversations;
    private final PharmacistFirstContact pharmacist;
    private final RecordBox recordBox;

    /** Without a shared record on this server. */
    public PatientRecipientHook(Directory directory, ConversationStore conversations, PharmacistFirstContact pharmacist) {
        this(directory, conversations, pharmacist, RecordBox.NONE);
    }

    @Inject
    public PatientRecipientHook(Directory directory, ConversationStore conversations, PharmacistFirstContact pharmacist,
                                RecordBox recordBox) {
        this.directory = directory;
        this.conversations = conversations;
        this.pharmacist = pharmacist;
        this.recordBox = recordBox;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        String command = "RCPT TO:<" + recipient.asString() + ">";
        try {
            BoxAddress to = BoxAddress.parse(recipient.asString());
            Optional<Patient> patient = PatientSessions.patientOf(session, directory);
            if (patient.isEmpty()) {
                return fromAnotherOperatorsPatient(session, sender, to, command);
            }
            if (recordBox.is(to.address())) {
                return toTheRecordBox(to).refuse(session, command);
            }
            String self = PatientSessions.address(patient.get());
            if (to.address().equals(self)) {
                return HookResult.DECLINED;
            }
            if (PatientAddress.of(to).isPresent()) {
                return toAnotherPatient(to).refuse(session, command);
            }
            if (!conversations.openInvolving(self, to.address()).isEmpty() || pharmacist.allows(patient.get(), to)) {
                return HookResult.DECLINED;
            }
            Optional<Conversation> last = conversations.lastInvolving(self, to.address());
            if (last.isPresent()) {
                return PatientRefusals.closed(last.get()).refuse(session, command);
            }
            return PatientRefusals.firstContact(to.address()).refuse(session, command);
        } catch (InvalidIdentifierException e) {
            // Malformed addresses are refused by the address hooks with their own reason.
            return HookResult.DECLINED;
        } catch (DirectoryUnavailableException | ConversationStore.ConversationStoreUnavailableException e) {
            return PatientRefusals.unavailable().refuse(session, command);
        }
    }

    private HookResult fromAnotherOperatorsPatient(SMTPSession session, MaybeSender sender, BoxAddress to,
                                                   String command) {
        if (session.getUsername() != null || sender.isNullSender()
                || PatientAddress.of(BoxAddress.parse(sender.get().asString())).isEmpty()) {
            return HookResult.DECLINED;
        }
        if (recordBox.is(to.address())) {
            return toTheRecordBox(to).refuse(session, command);
        }
        if (PatientAddress.of(to).isEmpty()) {
            return HookResult.DECLINED;
        }
        return toAnotherPatient(to).refuse(session, command);
    }

    private static SmtpRefusal toTheRecordBox(BoxAddress to) {
        return Rule.RECORD_BOX_FROM_PATIENT.refusal(to + " is the shared record's box, for documents deposited by "
            + "health professionals' software: a patient cannot write to it; ask the professional who cares for you "
            + "to deposit the document");
    }

    private static SmtpRefusal toAnotherPatient(BoxAddress to) {
        return Rule.PATIENT_TO_PATIENT.refusal(
            to + " is a patient's box: patients can write only to the health professionals who care for them");
    }
}
