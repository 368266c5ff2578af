package fr.caducee.server.receipts;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;

/**
 * ANS's plain e-mail receipt (struct-email-standard.md), sent instead of an MDN when the original did not ask for
 * one: an ordinary message whose subject starts {@code [KO Intégration système !][902]} (or, in ANS's example,
 * {@code [Erreur d’intégration !][902]}). It has no machine-readable part: it is matched with the original by
 * {@code In-Reply-To} (else {@code References}, else the Message-ID of an attached original), its recipient is its
 * sender, and its label is read from the text when written as {@code 902^label} or {@code Erreur détectée : label}.
 */
public final class PlainReceipt {
    /**
     * Accented letters as any run of non-space characters: a subject written in 8-bit UTF-8 without RFC 2047 (as in
     * ANS's examples) reaches JavaMail's reader as Latin-1, "IntÃ©gration".
     */
    private static final Pattern SUBJECT = Pattern.compile(
        "^\\s*\\[\\s*(?:KO\\s+Int\\S{1,3}gration\\s+syst\\S{1,3}me\\s*!|Erreur\\s+d\\S{1,3}int\\S{1,3}gration\\s*!)\\s*\\]"
            + "\\s*\\[\\s*(\\d{3})\\s*\\]",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>]+>");
    private static final int MAX_TEXT_CHARS = 16 * 1024;

    private PlainReceipt() {
    }

    /** The integration error code of a subject written as ANS's receipts write it. */
    public static Optional<String> code(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher matcher = SUBJECT.matcher(subject);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The receipt this message is, if its subject says it is one; unreadable when it names no original message. */
    public static Optional<DispositionReport> read(MimeMessage message) throws UnreadableReportException {
        try {
            Optional<String> code = code(message.getSubject());
            if (code.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> original = firstId(message.getHeader("In-Reply-To", " "))
                .or(() -> lastId(header(message, "References")))
                .or(() -> attachedMessageId(message));
            if (original.isEmpty()) {
                throw new UnreadableReportException("its subject reports integration error " + code.get()
                    + " but it names no original message (no In-Reply-To, References nor attached original)");
            }
            String from = Optional.ofNullable(message.getFrom()).filter(addresses -> addresses.length > 0)
                .map(addresses -> addresses[0] instanceof InternetAddress address ? address.getAddress() : addresses[0].toString())
                .flatMap(MessageIds::address)
                .orElseThrow(() -> new UnreadableReportException("it has no From address to say who refused"));
            ReceiptError error = new ReceiptError(code, label(message, code.get()));
            return Optional.of(new DispositionReport(from, Optional.empty(), original,
                new Disposition("automatic-action", "MDN-sent-automatically", Disposition.Type.PROCESSED,
                    Optional.of(error))));
        } catch (MessagingException e) {
            throw new UnreadableReportException("its header cannot be read: " + e.getMessage());
        }
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, " ");
        } catch (MessagingException e) {
            return null;
        }
    }

    private static Optional<String> firstId(String field) {
        if (field == null) {
            return Optional.empty();
        }
        Matcher matcher = MESSAGE_ID.matcher(field);
        return matcher.find() ? MessageIds.normalize(matcher.group()) : Optional.empty();
    }

    private static Optional<String> lastId(String field) {
        if (field == null) {
            return Optional.empty();
        }
        Matcher matcher = MESSAGE_ID.matcher(field);
        String last = null;
        while (matcher.find()) {
            last = matcher.group();
        }
        return MessageIds.normalize(last);
    }

    private static Optional<String> attachedMessageId(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof Multipart parts) {
                for (int i = 0; i < parts.getCount(); i++) {
                    BodyPart part = parts.getBodyPart(i);
                    if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
                        return Optional.ofNullable(new InternetHeaders(part.getInputStream()).getHeader("Message-ID", null))
                            .flatMap(MessageIds::normalize);
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The label written in the text: {@code 902^Identifiant de patient inconnu}, or ANS's example's line. */
    private static Optional<String> label(MimeMessage message, String code) {
        String text = text(message);
        Matcher ans = Pattern.compile("\\b" + code + "\\^([^^\\r\\n]+)").matcher(text);
        if (ans.find()) {
            return ReceiptError.present(ans.group(1));
        }
        Matcher line = Pattern.compile("Erreur d[ée]tect[ée]e\\s*:\\s*([^\\r\\n]+)", Pattern.CASE_INSENSITIVE).matcher(text);
        return line.find() ? ReceiptError.present(line.group(1)) : Optional.empty();
    }

    private static String text(Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                String text = String.valueOf(part.getContent());
                return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
            }
            if (part.getContent() instanceof Multipart parts && parts.getCount() > 0) {
                return text(parts.getBodyPart(0));
            }
        } catch (MessagingException | IOException e) {
            return "";
        }
        return "";
    }
}
