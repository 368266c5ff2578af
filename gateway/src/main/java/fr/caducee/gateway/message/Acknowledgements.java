package fr.caducee.gateway.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the acknowledgements (HL7 original mode): MSH with the applications and facilities swapped, a control id
 * of ours, MSA-1 {@code AA}, {@code AE} or {@code AR} and MSA-2 the message's MSH-10; a refusal adds ERR: ERR-2 the
 * location, ERR-3 the condition ({@code code^text^HL70357}), ERR-4 {@code E}, ERR-7 the rule id, ERR-8 the
 * sentence. Encoded in the character set the message declared (ASCII escapes for a header that could not be read),
 * in the message's version.
 *
 * <p>Written by hand rather than with HAPI's {@code generateACK}: the answer must be written even for a message HAPI
 * could not parse, from the little of its MSH that could be read. The shape is that of ANS's examples (CI-SIS
 * "transmission de documents CDA en HL7v2", {@code ack.hl7}): {@code ACK^<event>^ACK}, MSH-11 and MSH-12 taken from
 * the message, MSH-17 {@code FRA}, MSH-18 the message's set. Text is escaped ({@code \F\ \S\ \T\ \R\ \E\}); fields of
 * the message's MSH are copied as written.
 */
public final class Acknowledgements {
    private static final String DEFAULT_VERSION = "2.5";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    /** HL7 table 0357, the condition codes the catalogue's rules give. */
    private static final Map<String, String> CONDITIONS = Map.ofEntries(
        Map.entry("0", "Message accepted"),
        Map.entry("100", "Segment sequence error"),
        Map.entry("101", "Required field missing"),
        Map.entry("102", "Data type error"),
        Map.entry("103", "Table value not found"),
        Map.entry("200", "Unsupported message type"),
        Map.entry("201", "Unsupported event code"),
        Map.entry("202", "Unsupported processing id"),
        Map.entry("203", "Unsupported version id"),
        Map.entry("204", "Unknown key identifier"),
        Map.entry("205", "Duplicate key identifier"),
        Map.entry("206", "Application record locked"),
        Map.entry("207", "Application internal error"));
    private static final Header NOTHING_READ = new Header("", "", "", "", "", "", "", "", StandardCharsets.US_ASCII);

    private final Clock clock;
    private final ZoneId zone;

    public Acknowledgements() {
        this(Clock.systemUTC(), ZoneId.of("Europe/Paris"));
    }

    /** @param zone the zone MSH-7 is written in (with its offset) */
    public Acknowledgements(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public byte[] accept(Header message) {
        return encode(msh(message) + msa("AA", message), message.charset());
    }

    /** {@code AE} or {@code AR} as the refusal's rule says; {@code header} empty when nothing of MSH could be read. */
    public byte[] refuse(Hl7Refusal refusal) {
        Header message = refusal.header().orElse(NOTHING_READ);
        boolean ascii = message.charset().equals(StandardCharsets.US_ASCII);
        String code = refusal.rule().code();
        String err = "ERR||" + refusal.location() + "|" + code + "^" + CONDITIONS.getOrDefault(code, "") + "^HL70357|E"
            + "|||" + text(refusal.rule().id(), ascii) + "|" + text(refusal.sentence(), ascii) + "\r";
        return encode(msh(message) + msa(refusal.rule().reply(), message) + err, message.charset());
    }

    /** The MSA-1 of an acknowledgement received (the hospital's answer to a ZAM), empty when it has none. */
    public Optional<String> acknowledgementCode(byte[] ack) {
        MshSegment msh;
        try {
            msh = MshSegment.read(ack);
        } catch (Hl7Refusal e) {
            return Optional.empty();
        }
        // MSA-1 is ASCII in every set MSH-18 may name: the bytes are read one character each.
        String text = new String(ack, StandardCharsets.ISO_8859_1);
        String start = "MSA" + msh.fieldSeparator();
        for (String segment : text.split("[\r\n]+")) {
            if (segment.startsWith(start)) {
                String field = segment.substring(start.length()).split(
                    java.util.regex.Pattern.quote(String.valueOf(msh.fieldSeparator())), -1)[0];
                char component = msh.encodingCharacters().charAt(0);
                int end = field.indexOf(component);
                String code = (end < 0 ? field : field.substring(0, end)).strip();
                return code.isEmpty() ? Optional.empty() : Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private String msh(Header message) {
        boolean ascii = message.charset().equals(StandardCharsets.US_ASCII);
        String event = message.triggerEvent();
        String type = event.isEmpty() ? "ACK" : "ACK^" + Hl7Text.escape(event) + "^ACK";
        String version = message.version().isEmpty() ? DEFAULT_VERSION : Hl7Text.escape(message.version());
        String processing = message.processingId().isEmpty() ? "P" : Hl7Text.escape(message.processingId());
        return "MSH|^~\\&|" + field(message.receivingApplication(), ascii) + "|"
            + field(message.receivingFacility(), ascii) + "|" + field(message.sendingApplication(), ascii) + "|"
            + field(message.sendingFacility(), ascii) + "|" + HL7_TIME.format(clock.instant().atZone(zone)) + "||"
            + type + "|" + controlId() + "|" + processing + "|" + version + "|||||FRA|"
            + CharacterSets.name(message.charset()) + "\r";
    }

    private static String msa(String code, Header message) {
        boolean ascii = message.charset().equals(StandardCharsets.US_ASCII);
        return "MSA|" + code + "|" + field(message.controlId(), ascii) + "\r";
    }

    /** A field of the message's MSH, copied as written (its components kept); only what would break MSH is escaped. */
    private static String field(String value, boolean ascii) {
        String copied = value.replace("|", "\\F\\").replace("\r", " ").replace("\n", " ");
        return ascii ? Hl7Text.ascii(copied) : copied;
    }

    private static String text(String value, boolean ascii) {
        String escaped = Hl7Text.escape(value);
        return ascii ? Hl7Text.ascii(escaped) : escaped;
    }

    /** Ours, unique: 20 characters, the length MSH-10 has in 2.5. */
    private static String controlId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(java.util.Locale.ROOT);
    }

    private static byte[] encode(String ack, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(ack));
            return Arrays.copyOf(bytes.array(), bytes.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("an encoder that replaces cannot fail", e);
        }
    }
}
