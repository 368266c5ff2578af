package fr.caducee.rules.senders;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Every message carries {@code X-MSS-NIL}, the reference of the software that sent it (MSSanté convention). Sent
 * by an applicative (APP) box, it is the reference registered for that box in the directory, whatever the software
 * wrote; otherwise a reference set by the client is kept, and a message that has none (a professional's ordinary
 * mail client) gets the server's default, configured as {@code defaultReference}. Match it on submitted mail
 * ({@code SMTPAuthSuccessful}).
 */
public class SoftwareReferenceHeader extends GenericMailet {
    public static final String HEADER = "X-MSS-NIL";

    private final RegisteredSoftware registered;
    private String defaultReference;

    @Inject
    public SoftwareReferenceHeader(RegisteredSoftware registered) {
        this.registered = registered;
    }

    @Override
    public void init() throws MessagingException {
        defaultReference = getInitParameter("defaultReference", "").trim();
        if (defaultReference.isEmpty() || !defaultReference.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new MessagingException("SoftwareReferenceHeader: defaultReference must be a non-empty printable ASCII "
                + "value (the server's software reference, e.g. Caducee/0.1)");
        }
    }

    /**
     * Only the header is set, without {@code saveChanges()}: James writes changed headers in front of the unchanged
     * body, whereas saving re-parses every MIME part and fails on a malformed but deliverable message.
     */
    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<String> reference = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class)
            .flatMap(registered::referenceOf);
        String[] present = message.getHeader(HEADER);
        if (reference.isPresent()) {
            message.setHeader(HEADER, reference.get());
        } else if (present == null || present.length == 0 || present[0].isBlank()) {
            message.setHeader(HEADER, defaultReference);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Sets X-MSS-NIL: the APP box's registered software reference, else the client's, else the server's";
    }
}
