package fr.caducee.rules.recipients;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.caducee.domain.directory.Account;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Accepts a local recipient only if the directory knows it and it is active: a registered box, or the box of a
 * registered patient. Refused at RCPT, on every port, so that nothing is bounced later: unknown {@code 550 5.1.1},
 * suspended {@code 550 5.2.1}. {@code postmaster} (RFC 5321 requires it) is always accepted. Remote recipients
 * are left to the trust-space hook.
 */
public class RegisteredRecipientHook implements RcptHook {
    private static final String POSTMASTER = "postmaster";

    private final Directory directory;
    private final DomainList localDomains;

    @Inject
    public RegisteredRecipientHook(Directory directory, DomainList localDomains) {
        this.directory = directory;
        this.localDomains = localDomains;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        String command = "RCPT TO:<" + recipient.asString() + ">";
        try {
            if (!localDomains.containsDomain(recipient.getDomain())
                    || POSTMASTER.equalsIgnoreCase(recipient.getLocalPart())) {
                return HookResult.DECLINED;
            }
            BoxAddress address = BoxAddress.parse(recipient.asString());
            Optional<Account> account = directory.account(address);
            if (account.isEmpty()) {
                return unknown(address).refuse(session, command);
            }
            if (!account.get().active()) {
                return Rule.RECIPIENT_SUSPENDED.refusal(
                    "The box " + address + " is suspended and cannot receive mail; "
                        + "reach its holder by another box or ask this operator").refuse(session, command);
            }
            return HookResult.DECLINED;
        } catch (InvalidIdentifierException e) {
            return Rule.RECIPIENT_MALFORMED.refusal(e.getMessage()).refuse(session, command);
        } catch (DomainListException | DirectoryUnavailableException e) {
            return Rule.DIRECTORY_UNAVAILABLE.refusal(
                "Cannot check the recipient in the directory right now: try again later").refuse(session, command);
        }
    }

    private static SmtpRefusal unknown(BoxAddress address) {
        if (PatientAddress.of(address).isPresent()) {
            return Rule.RECIPIENT_UNKNOWN_PATIENT.refusal(
                "No patient with INS " + address.localPart() + " has a box here; check the INS with the patient");
        }
        return Rule.RECIPIENT_UNKNOWN.refusal(
            "There is no box " + address + " on this operator; check the address in the health directory");
    }
}
