package fr.caducee.server.receipts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

/**
 * Reads a {@code multipart/report} (RFC 6522): {@code report-type=delivery-status} (RFC 3464) or
 * {@code disposition-notification} (RFC 8098, ANS's form included). The machine-readable part is a block of header
 * fields per message and per recipient; JavaMail's {@link InternetHeaders} reads each block (folding, encodings),
 * the fields' values are read here. Any other message is not a report ({@link Optional#empty()}).
 */
public final class ReportReader {
    /** A report part larger than this is not a receipt: nobody writes 64 KiB of status fields. */
    static final int MAX_STATUS_BYTES = 64 * 1024;
    private static final Pattern STATUS_CODE = Pattern.compile("\\b[245]\\.\\d{1,3}\\.\\d{1,3}\\b");

    private ReportReader() {
    }

    public static Optional<Report> read(MimeMessage message) throws UnreadableReportException {
        String reportType;
        try {
            if (!message.isMimeType("multipart/report")) {
                return Optional.empty();
            }
            reportType = Optional.ofNullable(new ContentType(message.getContentType()).getParameter("report-type"))
                .orElse("").strip().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return Optional.empty();
        } catch (MessagingException e) {
            throw new UnreadableReportException("its Content-Type cannot be read: " + e.getMessage());
        }
        try {
            Multipart parts = (Multipart) message.getContent();
            return switch (reportType) {
                case "delivery-status" -> Optional.of(delivery(parts));
                case "disposition-notification" -> Optional.of(disposition(parts));
                default -> Optional.empty();
            };
        } catch (MessagingException | IOException | ClassCastException e) {
            throw new UnreadableReportException("its MIME parts cannot be read: " + e.getMessage());
        }
    }

    private static DeliveryReport delivery(Multipart parts) throws MessagingException, IOException,
            UnreadableReportException {
        Part status = part(parts, "message/delivery-status", "message/global-delivery-status")
            .orElseThrow(() -> new UnreadableReportException("the DSN has no message/delivery-status part"));
        List<InternetHeaders> blocks = blocks(status);
        if (blocks.size() < 2) {
            throw new UnreadableReportException("the DSN reports on no recipient");
        }
        InternetHeaders perMessage = blocks.get(0);
        List<DeliveryReport.RecipientStatus> recipients = new ArrayList<>();
        for (InternetHeaders block : blocks.subList(1, blocks.size())) {
            recipients.add(recipient(block));
        }
        return new DeliveryReport(field(perMessage, "Original-Envelope-Id").map(String::strip),
            returnedMessageId(parts), List.copyOf(recipients));
    }

    private static DeliveryReport.RecipientStatus recipient(InternetHeaders block) throws UnreadableReportException {
        String finalRecipient = field(block, "Final-Recipient").flatMap(MessageIds::address)
            .orElseThrow(() -> new UnreadableReportException("a recipient of the DSN has no Final-Recipient"));
        String actionName = field(block, "Action").map(String::strip).orElseThrow(() ->
            new UnreadableReportException("recipient " + finalRecipient + " of the DSN has no Action"));
        DeliveryReport.Action action;
        try {
            action = DeliveryReport.Action.valueOf(actionName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UnreadableReportException("recipient " + finalRecipient + " of the DSN has an unknown Action '"
                + actionName + "'");
        }
        // RFC 3464 wants a bare 5.1.1; servers write "5.0.0 (permanent failure)", James a whole reply "550 5.1.1 ..."
        // or "unknown" when it knows none: the code is taken where it is, the field as written otherwise.
        Optional<String> status = field(block, "Status").map(value -> {
            Matcher code = STATUS_CODE.matcher(value);
            return code.find() ? code.group() : value.strip();
        });
        return new DeliveryReport.RecipientStatus(finalRecipient,
            field(block, "Original-Recipient").flatMap(MessageIds::address), action, status,
            field(block, "Diagnostic-Code").map(String::strip));
    }

    private static DispositionReport disposition(Multipart parts) throws MessagingException, IOException,
            UnreadableReportException {
        Part notification = part(parts, "message/disposition-notification", "message/global-disposition-notification")
            .orElseThrow(() -> new UnreadableReportException("the MDN has no message/disposition-notification part"));
        List<InternetHeaders> blocks = blocks(notification);
        InternetHeaders inBody = blocks.isEmpty() ? new InternetHeaders() : blocks.get(0);
        // ANS's published example writes the fields right under the part's Content-Type, without the blank line
        // that ends a part's header: MIME reads them as the part's own header fields.
        InternetHeaders fields = field(inBody, "Disposition").isEmpty() && notification.getHeader("Disposition") != null
            ? headersOf(notification) : inBody;
        String finalRecipient = field(fields, "Final-Recipient").flatMap(MessageIds::address)
            .orElseThrow(() -> new UnreadableReportException("the MDN has no Final-Recipient"));
        Disposition disposition = Disposition.parse(field(fields, "Disposition").orElse(null));
        // RFC 8098 writes the error's words in a field of their own; RFC 3798 had Failure: too.
        Optional<String> errorField = field(fields, "Error").or(() -> field(fields, "Failure"));
        if (disposition.error().isPresent()) {
            disposition = new Disposition(disposition.actionMode(), disposition.sendingMode(), disposition.type(),
                Optional.of(disposition.error().get().orLabel(errorField)));
        }
        Optional<String> originalMessageId = field(fields, "Original-Message-ID").flatMap(MessageIds::normalize)
            .or(() -> returnedMessageId(parts));
        return new DispositionReport(finalRecipient, field(fields, "Original-Recipient").flatMap(MessageIds::address),
            originalMessageId, disposition);
    }

    /** The Message-ID of the returned message or headers (RFC 6522's third part), when there is one. */
    private static Optional<String> returnedMessageId(Multipart parts) {
        try {
            Optional<Part> returned = part(parts, "text/rfc822-headers", "message/rfc822", "message/global",
                "message/global-headers");
            if (returned.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = bounded(returned.get())) {
                return Optional.ofNullable(new InternetHeaders(in).getHeader("Message-ID", null))
                    .flatMap(MessageIds::normalize);
            }
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private static InternetHeaders headersOf(Part part) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        java.util.Enumeration<javax.mail.Header> all = part.getAllHeaders();
        while (all.hasMoreElements()) {
            javax.mail.Header header = all.nextElement();
            headers.addHeader(header.getName(), header.getValue());
        }
        return headers;
    }

    private static Optional<Part> part(Multipart parts, String... types) throws MessagingException {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            for (String type : types) {
                if (part.isMimeType(type)) {
                    return Optional.of(part);
                }
            }
        }
        return Optional.empty();
    }

    /** The blocks of header fields of a status part, separated by blank lines. */
    private static List<InternetHeaders> blocks(Part part) throws MessagingException, IOException,
            UnreadableReportException {
        byte[] bytes;
        try (InputStream in = bounded(part)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length >= MAX_STATUS_BYTES) {
            throw new UnreadableReportException("its status part is over " + MAX_STATUS_BYTES + " bytes");
        }
        List<InternetHeaders> blocks = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        while (in.available() > 0) {
            InternetHeaders block = new InternetHeaders(in);
            if (block.getAllHeaderLines().hasMoreElements()) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static InputStream bounded(Part part) throws MessagingException, IOException {
        // JavaMail gives a status part's content as text or as its own objects depending on the handlers installed:
        // the raw stream is the same everywhere.
        InputStream in = part.getInputStream();
        return new InputStream() {
            private int read;

            @Override
            public int read() throws IOException {
                return read++ < MAX_STATUS_BYTES ? in.read() : -1;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static Optional<String> field(InternetHeaders headers, String name) {
        return Optional.ofNullable(headers.getHeader(name, ",")).map(String::strip).filter(value -> !value.isEmpty());
    }
}
