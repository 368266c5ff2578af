package fr.caducee.rules.senders;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.rules.Rule;

/**
 * On the submission ports, the {@code From:} header (what the recipient reads as the author) must be one box the
 * login may write as, like the envelope sender: otherwise a professional could sign with a colleague's name. When
 * it is not the login itself (a member writing as an ORG box), {@code Sender:} is set to the login, so that the
 * recipient sees who wrote on the team's behalf; a {@code Sender:} written by the client is never kept.
 */
public class FromHeaderHook implements JamesMessageHook {
    private final Directory directory;

    @Inject
    public FromHeaderHook(Directory directory) {
        this.directory = directory;
    }

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
        try {
            if (authors.size() == 1 && directory.mayWriteAs(BoxAddress.parse(login), BoxAddress.parse(authors.get(0)))) {
                setSender(mail.getMessage(), login, authors.get(0));
                return HookResult.DECLINED;
            }
        } catch (InvalidIdentifierException e) {
            return refuse(session, "The From: header (" + authors.get(0) + ") is not a valid box address: " + e.getMessage());
        } catch (DirectoryUnavailableException e) {
            return Rule.DIRECTORY_UNAVAILABLE.refusal(
                "Cannot check the From: header in the directory right now: try again later").refuse(session, "DATA");
        } catch (MessagingException e) {
            return Rule.SENDER_HEADER_FAILED.refusal(
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
        return refuse(session, "The From: header " + (authors.isEmpty() ? "is missing" : "(" + String.join(", ", authors) + ") is not")
            + " a box you may write as: send from " + login + " or from an organisational box you are a member of");
    }

    private static void setSender(MimeMessage message, String login, String author) throws MessagingException {
        if (author.equals(login)) {
            message.removeHeader("Sender");
        } else {
            message.setHeader("Sender", login);
        }
    }

    private static HookResult refuse(SMTPSession session, String sentence) {
        return Rule.FROM_HEADER_NOT_ALLOWED.refusal(sentence).refuse(session, "DATA");
    }
}
