package fr.caducee.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * One record as one line of JSON, fields in a fixed order with {@code time} first (so that a reader can select by
 * time without parsing the rest), absent values left out:
 * <pre>
 * {"time":"2026-11-24T10:15:30.123Z","decision":"REFUSED","rule":"recipient-unknown","reason":"550 5.1.1 ...",
 *  "via":"submission","login":"dr.durand@chu.fr","sender":"dr.durand@chu.fr","recipients":["x@chu.fr"],"size":-1,...}
 * </pre>
 */
public final class AuditJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String TIME_PREFIX = "{\"time\":\"";

    private AuditJson() {
    }

    /** The record's line, newline included, in UTF-8. */
    public static byte[] line(AuditRecord record) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(512);
             JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("time", record.time().toString());
            json.writeStringField("decision", record.decision().name());
            optional(json, "rule", record.rule());
            optional(json, "reason", record.reason());
            optional(json, "via", record.via());
            optional(json, "mail", record.mail());
            optional(json, "messageId", record.messageId());
            optional(json, "login", record.login());
            optional(json, "peer", record.peer());
            optional(json, "sender", record.sender());
            json.writeArrayFieldStart("recipients");
            for (String recipient : record.recipients()) {
                json.writeString(recipient);
            }
            json.writeEndArray();
            json.writeNumberField("size", record.size());
            optional(json, "session", record.session());
            optional(json, "remote", record.remote());
            json.writeEndObject();
            json.flush();
            bytes.append('\n');
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an audit record in memory", e);
        }
    }

    /**
     * Reads a line back; empty when it is not a whole record (a line torn by a crash, or cut while being written,
     * or a decision this version does not know).
     */
    public static Optional<AuditRecord> read(String line) {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Instant time = null;
            Decision decision = null;
            String rule = null, reason = null, via = null, mail = null, messageId = null, login = null, peer = null,
                sender = null, session = null, remote = null;
            List<String> recipients = List.of();
            long size = -1;
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
                String name = json.getCurrentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "time" -> time = Instant.parse(json.getText());
                    case "decision" -> decision = Decision.valueOf(json.getText());
                    case "rule" -> rule = text(json, value);
                    case "reason" -> reason = text(json, value);
                    case "via" -> via = text(json, value);
                    case "mail" -> mail = text(json, value);
                    case "messageId" -> messageId = text(json, value);
                    case "login" -> login = text(json, value);
                    case "peer" -> peer = text(json, value);
                    case "sender" -> sender = text(json, value);
                    case "session" -> session = text(json, value);
                    case "remote" -> remote = text(json, value);
                    case "size" -> size = json.getValueAsLong(-1);
                    case "recipients" -> {
                        List<String> list = new ArrayList<>();
                        if (value == JsonToken.START_ARRAY) {
                            while (json.nextToken() != JsonToken.END_ARRAY) {
                                list.add(json.getText());
                            }
                        }
                        recipients = list;
                    }
                    default -> json.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || time == null || decision == null) {
                return Optional.empty();
            }
            return Optional.of(new AuditRecord(time, decision, rule, reason, via, mail, messageId, login, peer,
                sender, recipients, size, session, remote));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The time of a line as written by {@link #line}, read without parsing the rest; null when the line does not
     * start as a record does.
     */
    public static Instant time(String line) {
        if (!line.startsWith(TIME_PREFIX)) {
            return null;
        }
        int end = line.indexOf('"', TIME_PREFIX.length());
        if (end < 0) {
            return null;
        }
        try {
            return Instant.parse(line.substring(TIME_PREFIX.length(), end));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A value as it appears inside a JSON string of a line, to look for it in the raw text before parsing. */
    static String escaped(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : json.getText();
    }
}
