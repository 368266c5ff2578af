package fr.caducee.server.smime;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.identity.smime.SignatureResult;
import fr.caducee.identity.smime.SignatureVerifier;
import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.AuditedMail;
import fr.caducee.rules.senders.ServerWritten;

/**
 * Checks the S/MIME signature of a message that came in (from another operator on the MX, or from a professional's
 * client on submission) against the trust anchors ({@link SignatureVerifier}) and tells the reader: the header
 * {@code X-Caducee-Signature} ({@code valid}, {@code invalid} or {@code untrusted}, with the signer's subject and
 * address and why not), and a {@code SIGNATURE_CHECKED} record in the audit trail. The message is delivered whatever
 * the result: refusing it would lose mail the reader may still need. An unsigned message, or one the server wrote
 * itself ({@link ServerWritten}), is left as it is. A header of that name from outside never reaches here: the SMTP
 * chain removes every {@code X-Caducee-*} header at DATA ({@code ForgeableHeadersHook}). With
 * {@code caducee.smime.verify=false} it does nothing.
 *
 * <p>The header is set without {@code saveChanges()}: James writes changed headers in front of the body as it came,
 * so the signature still verifies for the reader's client.
 */
public class SignatureCheck extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SignatureCheck.class);

    private final SignatureVerifier verifier;
    private final AuditTrail trail;
    private final boolean verify;

    @Inject
    public SignatureCheck(SignatureVerifier verifier, AuditTrail trail, OperatorSignature settings) {
        this.verifier = verifier;
        this.trail = trail;
        this.verify = settings.verify();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!verify || ServerWritten.writer(mail).isPresent()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        Optional<SignatureResult> result = verifier.verify(message);
        if (result.isEmpty()) {
            return;
        }
        SignatureResult checked = result.get();
        message.setHeader(SignatureResult.HEADER, checked.headerValue());
        Rule rule = switch (checked.status()) {
            case VALID -> Rule.SMIME_SIGNATURE_VALID;
            case INVALID -> Rule.SMIME_SIGNATURE_INVALID;
            case UNTRUSTED -> Rule.SMIME_SIGNER_UNTRUSTED;
        };
        AuditedMail.append(trail, AuditedMail.record(Decision.SIGNATURE_CHECKED, mail).rule(rule.id()).via("spool")
            .reason(reason(checked)).build());
        LOGGER.info("Mail {}: S/MIME signature {}", mail.getName(), checked.headerValue());
    }

    private static String reason(SignatureResult checked) {
        StringBuilder reason = new StringBuilder(checked.status().name().toLowerCase(java.util.Locale.ROOT));
        if (!checked.signer().isEmpty()) {
            reason.append(": signed by ").append(checked.signer());
        }
        checked.email().ifPresent(email -> reason.append(" <").append(email).append('>'));
        if (!checked.reason().isEmpty()) {
            reason.append("; ").append(checked.reason());
        }
        return reason.toString();
    }

    @Override
    public String getMailetInfo() {
        return "Checks incoming S/MIME signatures against the trust anchors; the result in a header and the audit trail";
    }
}
