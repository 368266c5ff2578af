package fr.caducee.server.storage.spool;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.commons.io.output.UnsynchronizedByteArrayOutputStream;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mail as a row of {@code caducee_spool}, and back: everything James's own queues keep (name, sender, recipients,
 * state, error message, remote address and host, last update, per-recipient headers, attributes as James's
 * {@link AttributeValue} JSON, which carries the DSN parameters too) and the MIME message's bytes.
 */
final class SpooledMail {
    static final String COLUMNS = "mail_name, sender, recipients, state, error_message, remote_addr, remote_host, "
        + "last_updated, attributes, per_recipient_headers, message, message_size";
    static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?::json, ?, ?";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpooledMail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpooledMail() {
    }

    /** Sets the 12 parameters of {@link #COLUMNS} from {@code first} on; returns the index of the next parameter. */
    static int bind(PreparedStatement statement, int first, Mail mail) throws SQLException, MessagingException {
        byte[] message = bytes(mail);
        int i = first;
        statement.setString(i++, mail.getName());
        statement.setString(i++, mail.getMaybeSender().asString(""));
        statement.setArray(i++, statement.getConnection().createArrayOf("text",
            mail.getRecipients().stream().map(MailAddress::asString).toArray()));
        statement.setString(i++, mail.getState());
        statement.setString(i++, mail.getErrorMessage());
        statement.setString(i++, mail.getRemoteAddr());
        statement.setString(i++, mail.getRemoteHost());
        statement.setTimestamp(i++, mail.getLastUpdated() == null ? null : new Timestamp(mail.getLastUpdated().getTime()));
        statement.setString(i++, attributes(mail).toString());
        statement.setString(i++, perRecipientHeaders(mail).toString());
        statement.setBytes(i++, message);
        statement.setLong(i, message.length);
        return i + 1;
    }

    /** The mail of the current row, its message read from the bytes only when a mailet asks for it. */
    static MailImpl read(ResultSet row, String sourceId) throws SQLException, MessagingException {
        String name = row.getString("mail_name");
        MailImpl.Builder mail = MailImpl.builder()
            .name(name)
            .sender(MaybeSender.getMailSender(row.getString("sender")).asOptional())
            .addRecipients(recipients(name, (String[]) row.getArray("recipients").getArray()))
            .state(row.getString("state"))
            .errorMessage(row.getString("error_message"))
            .remoteAddr(row.getString("remote_addr"))
            .remoteHost(row.getString("remote_host"))
            .addAttributes(attributes(name, row.getString("attributes")));
        Timestamp lastUpdated = row.getTimestamp("last_updated");
        if (lastUpdated != null) {
            mail.lastUpdated(new Date(lastUpdated.getTime()));
        }
        PerRecipientHeaders headers = perRecipientHeaders(name, row.getString("per_recipient_headers"));
        if (!headers.getHeadersByRecipient().isEmpty()) {
            mail.addAllHeadersForRecipients(headers);
        }
        mail.mimeMessage(new MimeMessageWrapper(new Bytes(sourceId, row.getBytes("message"))));
        return mail.build();
    }

    static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }

    private static byte[] bytes(Mail mail) throws MessagingException {
        if (mail.getMessage() == null) {
            return new byte[0];
        }
        try {
            UnsynchronizedByteArrayOutputStream out = new UnsynchronizedByteArrayOutputStream(
                (int) Math.max(1024, Math.min(mail.getMessageSize(), 64L << 20)));
            mail.getMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot read the message of mail " + mail.getName(), e);
        }
    }

    private static ObjectNode attributes(Mail mail) {
        ObjectNode attributes = JSON.createObjectNode();
        mail.attributes().forEach(attribute -> attribute.getValue().toJson().ifPresentOrElse(
            json -> attributes.set(attribute.getName().asString(), json),
            () -> LOGGER.warn("Attribute {} of mail {} has no JSON form: not spooled", attribute.getName().asString(),
                mail.getName())));
        return attributes;
    }

    private static List<Attribute> attributes(String mailName, String json) {
        List<Attribute> attributes = new ArrayList<>();
        try {
            Iterator<Map.Entry<String, JsonNode>> fields = JSON.readTree(json).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                try {
                    attributes.add(new Attribute(AttributeName.of(field.getKey()), AttributeValue.fromJson(field.getValue())));
                } catch (RuntimeException e) {
                    LOGGER.error("Attribute {} of spooled mail {} cannot be read back: left out", field.getKey(), mailName, e);
                }
            }
        } catch (IOException e) {
            LOGGER.error("Attributes of spooled mail {} cannot be read back: left out", mailName, e);
        }
        return attributes;
    }

    private static ObjectNode perRecipientHeaders(Mail mail) {
        ObjectNode byRecipient = JSON.createObjectNode();
        mail.getPerRecipientSpecificHeaders().getHeadersByRecipient().asMap().forEach((recipient, headers) -> {
            ArrayNode lines = byRecipient.putArray(recipient.asString());
            headers.forEach(header -> lines.add(header.asString()));
        });
        return byRecipient;
    }

    private static PerRecipientHeaders perRecipientHeaders(String mailName, String json) {
        PerRecipientHeaders headers = new PerRecipientHeaders();
        try {
            Iterator<Map.Entry<String, JsonNode>> recipients = JSON.readTree(json).fields();
            while (recipients.hasNext()) {
                Map.Entry<String, JsonNode> recipient = recipients.next();
                MailAddress address = new MailAddress(recipient.getKey());
                recipient.getValue().forEach(line ->
                    headers.addHeaderForRecipient(PerRecipientHeaders.Header.fromString(line.asText()), address));
            }
        } catch (IOException | AddressException e) {
            LOGGER.error("Per-recipient headers of spooled mail {} cannot be read back: left out", mailName, e);
        }
        return headers;
    }

    private static Collection<MailAddress> recipients(String mailName, String[] addresses) {
        List<MailAddress> recipients = new ArrayList<>(addresses.length);
        for (String address : addresses) {
            try {
                recipients.add(new MailAddress(address));
            } catch (AddressException e) {
                // Only addresses James parsed were written: a value that no longer parses is reported, not hidden.
                LOGGER.error("Recipient {} of spooled mail {} is not an address: left out", address, mailName, e);
            }
        }
        return recipients;
    }

    /** The message's bytes as read from the row, parsed by {@link MimeMessageWrapper} only when needed. */
    private record Bytes(String id, byte[] content) implements MimeMessageSource {
        @Override
        public String getSourceId() {
            return id;
        }

        @Override
        public InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(content);
        }

        @Override
        public long getMessageSize() {
            return content.length;
        }
    }
}
