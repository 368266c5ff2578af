package fr.caducee.server.smime;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.transport.mailets.DSNBounce;
import org.apache.mailet.Attribute;
import org.apache.mailet.Mail;

import fr.caducee.rules.senders.ServerWritten;

/**
 * James's {@code DSNBounce}, whose DSN is marked as written by the server ({@link ServerWritten}), to be signed with
 * the operator's key. DSNBounce builds its DSN from a copy of the original mail, attributes included (James 3.8.1,
 * {@code MailImpl.duplicateWithoutMessage}, docs/JAMES-NOTES.md): the mark is put on the original while it runs and
 * taken off after, so that the original, a professional's message, never carries it.
 */
public class ServerDsnBounce extends DSNBounce {

    @Inject
    public ServerDsnBounce(DNSService dns) {
        super(dns);
    }

    @Override
    public void service(Mail originalMail) throws MessagingException {
        Optional<Attribute> before = originalMail.getAttribute(ServerWritten.NAME);
        ServerWritten.mark(originalMail, "dsn");
        try {
            super.service(originalMail);
        } finally {
            if (before.isPresent()) {
                originalMail.setAttribute(before.get());
            } else {
                originalMail.removeAttribute(ServerWritten.NAME);
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "DSNBounce whose DSN the operator signs";
    }
}
