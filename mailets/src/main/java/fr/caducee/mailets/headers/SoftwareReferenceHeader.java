package fr.caducee.mailets.headers;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Every message carries {@code X-MSS-NIL}, the reference of the software that sent it (MSSanté convention). Practice
 * software sets its own; for a message that has none (a professional's ordinary mail client), this mailet adds the
 * server's default reference, configured as {@code defaultReference}. Match it on submitted mail
 * ({@code SMTPAuthSuccessful}).
 */
public class SoftwareReferenceHeader extends GenericMailet {
    public static final String HEADER = "X-MSS-NIL";

    private String defaultReference;

    @Override
    public void init() throws MessagingException {
        defaultReference = getInitParameter("defaultReference", "").trim();
        if (defaultReference.isEmpty() || !defaultReference.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new MessagingException("SoftwareReferenceHeader: defaultReference must be a non-empty printable ASCII "
                + "value (the server's software reference, e.g. Caducee/0.1)");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String[] present = message.getHeader(HEADER);
        if (present == null || present.length == 0 || present[0].isBlank()) {
            message.setHeader(HEADER, defaultReference);
            message.saveChanges();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Adds the server's X-MSS-NIL software reference to messages that carry none";
    }
}
