package fr.caducee.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.search.SubjectTerm;

import com.sun.mail.smtp.SMTPMessage;

/** A professional's mail client (JavaMail): submits over SMTP with STARTTLS and AUTH, reads over IMAPS. */
public final class MailClient {
    private final Session session;

    public MailClient(CaduceeProcess server) throws Exception {
        this.session = TestClients.mailClient(server);
    }

    /** Returns once the server answered 250 to the end of DATA. */
    public void send(String from, String password, String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        Transport.send(message, from, password);
    }

    /** Like {@link #send}, asking for a delivery status notification on success too (RFC 3461 NOTIFY=SUCCESS). */
    public void sendAskingForSuccessNotification(String from, String password, String to, String subject, String body)
            throws MessagingException {
        SMTPMessage message = new SMTPMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE);
        Transport.send(message, from, password);
    }

    /** What the box's INBOX holds with that subject (IMAP SEARCH): one entry per message, its flags. */
    public List<Flags> inbox(String box, String password, String subject) throws MessagingException {
        return inInbox(box, password, Folder.READ_ONLY, inbox -> {
            List<Flags> flags = new ArrayList<>();
            for (Message message : inbox.search(new SubjectTerm(subject))) {
                flags.add(message.getFlags());
            }
            return flags;
        });
    }

    /** Copies of the INBOX messages whose subject is exactly this one (decoded), read over IMAPS, in INBOX order. */
    public List<MimeMessage> messages(String box, String password, String subject) throws MessagingException {
        return inInbox(box, password, Folder.READ_ONLY, inbox -> {
            List<MimeMessage> found = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                if (subject.equals(message.getSubject())) {
                    found.add(new MimeMessage((MimeMessage) message));
                }
            }
            return found;
        });
    }

    public List<Flags> awaitDelivered(String box, String password, String subject) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> !inbox(box, password, subject).isEmpty());
        try {
            return inbox(box, password, subject);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setFlags(String box, String password, String subject, Flags flags) throws MessagingException {
        inInbox(box, password, Folder.READ_WRITE, inbox -> {
            for (Message message : inbox.search(new SubjectTerm(subject))) {
                message.setFlags(flags, true);
            }
            return null;
        });
    }

    /**
     * The content type of every message in the box's INBOX; of what the signature covers for a {@code multipart/signed}
     * one (operators sign their DSNs and receipts).
     */
    public List<String> contentTypes(String box, String password) throws MessagingException {
        return inInbox(box, password, Folder.READ_ONLY, inbox -> {
            List<String> types = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                types.add(signedContent(message).getContentType().toLowerCase(Locale.ROOT));
            }
            return types;
        });
    }

    /**
     * The text of every delivery status notification (multipart/report) in the box's INBOX: the human part and the
     * machine-readable status, decoded, with runs of white space (folded lines) as one space.
     */
    public List<String> reportTexts(String box, String password) throws MessagingException {
        return inInbox(box, password, Folder.READ_ONLY, inbox -> {
            List<String> texts = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                Part report = signedContent(message);
                if (report.isMimeType("multipart/report")) {
                    texts.add(text(report).replaceAll("\\s+", " "));
                }
            }
            return texts;
        });
    }

    /** The part a {@code multipart/signed} message's signature covers; any other message itself. */
    private static Part signedContent(Part message) throws MessagingException {
        try {
            if (message.isMimeType("multipart/signed") && message.getContent() instanceof Multipart signed
                    && signed.getCount() > 0) {
                return signed.getBodyPart(0);
            }
            return message;
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot read a signed message", e);
        }
    }

    private static String text(Part part) throws MessagingException {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    text.append(text(multipart.getBodyPart(i))).append('\n');
                }
                return text.toString();
            }
            if (part.isMimeType("text/*") || part.isMimeType("message/delivery-status")) {
                Object content = part.getContent();
                return content instanceof String string ? string
                    : new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            return "";
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot read a part of a report", e);
        }
    }

    /** The values of a header of the one message with that subject. */
    public List<String> header(String box, String password, String subject, String name) throws MessagingException {
        return inInbox(box, password, Folder.READ_ONLY, inbox -> {
            Message[] found = inbox.search(new SubjectTerm(subject));
            if (found.length != 1) {
                throw new IllegalStateException(found.length + " messages with subject " + subject);
            }
            String[] values = found[0].getHeader(name);
            return values == null ? List.<String>of() : Arrays.asList(values);
        });
    }

    /** Marks the messages with these subjects \Deleted and sends EXPUNGE; returns how many EXPUNGE removed. */
    public int expunge(String box, String password, String... subjects) throws MessagingException {
        return inInbox(box, password, Folder.READ_WRITE, inbox -> {
            for (String subject : subjects) {
                for (Message message : inbox.search(new SubjectTerm(subject))) {
                    message.setFlag(Flags.Flag.DELETED, true);
                }
            }
            return inbox.expunge().length;
        });
    }

    /**
     * Creates a folder, copies the INBOX messages with that subject into it, and deletes the folder with them;
     * returns how many messages the folder held before its deletion.
     */
    public int copyToFolderAndDeleteIt(String box, String password, String subject, String folderName) throws MessagingException {
        return inStore(box, password, store -> {
            Folder folder = store.getFolder(folderName);
            if (!folder.create(Folder.HOLDS_MESSAGES)) {
                throw new IllegalStateException("could not create " + folderName);
            }
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                inbox.copyMessages(inbox.search(new SubjectTerm(subject)), folder);
            } finally {
                inbox.close(false);
            }
            int held = folder.getMessageCount();
            if (!folder.delete(true) || store.getFolder(folderName).exists()) {
                throw new IllegalStateException(folderName + " still exists after DELETE");
            }
            return held;
        });
    }

    private interface InboxWork<T> {
        T apply(Folder inbox) throws MessagingException;
    }

    private interface StoreWork<T> {
        T apply(Store store) throws MessagingException;
    }

    /** Logs in over IMAPS, opens INBOX, does the work, and closes both whatever happens. */
    private <T> T inInbox(String box, String password, int mode, InboxWork<T> work) throws MessagingException {
        return inStore(box, password, store -> {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(mode);
            try {
                return work.apply(inbox);
            } finally {
                inbox.close(false);
            }
        });
    }

    /** Logs in over IMAPS, does the work, and logs out whatever happens. */
    private <T> T inStore(String box, String password, StoreWork<T> work) throws MessagingException {
        Store store = session.getStore("imaps");
        store.connect(box, password);
        try {
            return work.apply(store);
        } finally {
            store.close();
        }
    }
}
