package fr.caducee.mailets.smtp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

/**
 * On the submission ports, the {@code From:} header (what the recipient reads as the author) must be the box the
 * client logged in with, as James already requires of MAIL FROM. Otherwise a professional could sign a message
 * with a colleague's name. Writing as an organisational box one is a member of comes with the directory.
 */
public class FromHeaderHook implements JamesMessageHook {
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        String login = session.getUsername().asString().toLowerCase(Locale.ROOT);
        List<String> authors;
        try {
            Address[] from = mail.getMessage().getFrom();
            authors = from == null ? List.of() : Arrays.stream(from)
                .map(address -> address instanceof InternetAddress internet ? internet.getAddress() : address.toString())
                .map(address -> address == null ? "" : address.toLowerCase(Locale.ROOT))
                .toList();
        } catch (MessagingException e) {
            return refuse(session, "The From: header cannot be read: write it as a single address, e.g. From: " + login);
        }
        if (authors.size() == 1 && authors.get(0).equals(login)) {
            return HookResult.DECLINED;
        }
        return refuse(session, "The From: header " + (authors.isEmpty() ? "is missing" : "(" + String.join(", ", authors) + ") is not")
            + " the box you logged in with: send from " + login);
    }

    private static HookResult refuse(SMTPSession session, String sentence) {
        return new SmtpRefusal("550", "5.7.1", "from-header-not-login", sentence).refuse(session, "DATA");
    }
}
