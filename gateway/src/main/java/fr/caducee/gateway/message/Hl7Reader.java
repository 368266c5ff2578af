package fr.caducee.gateway.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import fr.caducee.rules.Rule;

/**
 * Reads a frame's payload as an HL7 v2 message: the MSH first (delimiters, MSH-18's character set, version, type),
 * the bytes decoded strictly in that set (a byte invalid in it is {@code hl7-encoding-mismatch}, never replaced),
 * then the whole message parsed by HAPI without its conformance validation (field lengths and optional segments of
 * real hospital messages vary; the readers check what they use). Versions taken: 2.5, 2.5.1, 2.6; types: ADT,
 * ORU^R01, MDM^T02/T04/T10 (and ACK, for the receipts' answers on the return channel).
 *
 * <p>2.5 and 2.5.1 are parsed with HAPI's 2.5 structures (2.5.1 only clarified 2.5; IHE PAM France 2.11 and the
 * CI-SIS ORU are written against 2.5), 2.6 with its own. Segments a structure does not have (ZBE, ZFA, the PRT the
 * CI-SIS profiles pre-adopt from 2.9) are kept where they appear, as generic segments. Segments may be separated by
 * CR (the standard), LF or CR LF (files as published); the text handed on is separated by CR.
 */
public final class Hl7Reader {
    private static final Set<String> VERSIONS = Set.of("2.5", "2.5.1", "2.6");
    private static final Set<String> DOCUMENT_EVENTS = Set.of("T02", "T04", "T10");

    private final PipeParser v25 = parser("2.5");
    private final PipeParser v26 = parser("2.6");

    /**
     * @throws Hl7Refusal {@code hl7-unparseable}, {@code hl7-encoding-mismatch}, {@code hl7-unsupported-version},
     *     {@code hl7-unsupported-message-type}, {@code hl7-required-field-missing} (no MSH-10), with the header when
     *     it could be read
     */
    public Inbound read(byte[] payload) throws Hl7Refusal {
        MshSegment raw = MshSegment.read(payload);
        String declared = raw.field(18).split("~", -1)[0];
        Optional<Charset> charset = CharacterSets.of(declared);
        if (charset.isEmpty()) {
            throw new Hl7Refusal(Rule.HL7_ENCODING_MISMATCH, "MSH-18 names the character set "
                + Hl7Text.shown(declared) + ", which the gateway does not read: send UNICODE UTF-8 or 8859/15 "
                + "(the sets the CI-SIS profiles name), or 8859/1 or ASCII", Optional.of(raw.header(
                    StandardCharsets.US_ASCII)), "MSH^1^18");
        }
        String decoded = decode(payload, charset.get(), declared, raw);
        MshSegment msh = MshSegment.read(decoded);
        Header header = msh.header(charset.get());
        if (header.controlId().isEmpty()) {
            throw new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, "MSH-10, the message control id, is empty: every message "
                + "needs an id of its own, which the acknowledgement names and by which a message sent again is "
                + "recognised", Optional.of(header), "MSH^1^10");
        }
        checkVersion(header, msh);
        checkType(header);
        String text = segmentsSeparatedByCarriageReturn(decoded);
        return new Inbound(header, parse(text, header), text);
    }

    private static void checkVersion(Header header, MshSegment msh) throws Hl7Refusal {
        if (!VERSIONS.contains(header.version())) {
            throw new Hl7Refusal(Rule.HL7_UNSUPPORTED_VERSION, "MSH-12 gives the HL7 version "
                + Hl7Text.shown(msh.field(12)) + "; the gateway takes 2.5 and 2.5.1 (IHE PAM France, ORU^R01) and 2.6 "
                + "(MDM)", Optional.of(header), "MSH^1^12");
        }
    }

    private static void checkType(Header header) throws Hl7Refusal {
        String code = header.messageCode();
        String event = header.triggerEvent();
        boolean taken = switch (code) {
            case "ADT" -> !event.isEmpty();
            case "ORU" -> event.equals("R01");
            case "MDM" -> DOCUMENT_EVENTS.contains(event);
            case "ACK" -> true;
            default -> false;
        };
        if (!taken) {
            throw new Hl7Refusal(Rule.HL7_UNSUPPORTED_TYPE, "MSH-9 is " + Hl7Text.shown(header.messageType())
                + "; the gateway takes ADT (patient movements, with their trigger event), ORU^R01 and "
                + "MDM^T02/T04/T10 (documents)", Optional.of(header), "MSH^1^9");
        }
    }

    private Message parse(String text, Header header) throws Hl7Refusal {
        PipeParser parser = header.version().equals("2.6") ? v26 : v25;
        try {
            return parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            String why = e instanceof HL7Exception hl7 ? hl7.getMessageWithoutLocation() : e.getMessage();
            why = why == null ? e.getClass().getSimpleName() : why;
            throw new Hl7Refusal(Rule.HL7_UNPARSEABLE, "the message cannot be parsed as HL7 v" + header.version()
                + " (" + Hl7Text.shown(why.strip()) + "): check its segments and delimiters against the profile",
                Optional.of(header), e instanceof HL7Exception hl7 ? location(hl7) : "");
        }
    }

    /**
     * The payload decoded in the set MSH-18 declares, refusing a byte that is not valid in it. ISO-8859 sets accept
     * every byte, so two mistakes are caught otherwise: the C1 control characters (0x80-0x9F, which a Windows-1252
     * text has where 8859 has none), and UTF-8 sent as 8859 (multi-byte sequences that are valid UTF-8: a French
     * text in 8859 never holds them, since they would read as {@code Ã©}).
     */
    private static String decode(byte[] payload, Charset charset, String declared, MshSegment msh)
            throws Hl7Refusal {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(payload);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(payload.length * (double) decoder.maxCharsPerByte()));
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw mismatch(payload, in.position(), declared, msh, "is not valid in");
        }
        decoder.flush(out);
        if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.US_ASCII)) {
            int utf8 = firstUtf8Sequence(payload);
            if (utf8 >= 0) {
                throw mismatch(payload, utf8, declared, msh, "begins a UTF-8 sequence, yet the message is said to be in");
            }
            int control = firstC1Control(payload);
            if (control >= 0) {
                throw mismatch(payload, control, declared, msh, "is a control character, not a letter, in");
            }
        }
        return out.flip().toString();
    }

    private static Hl7Refusal mismatch(byte[] payload, int offset, String declared, MshSegment msh, String what) {
        Where where = Where.of(payload, offset, msh.fieldSeparator());
        String hint = declared.isBlank()
            ? "declare the message's character set in MSH-18 (UNICODE UTF-8 or 8859/15, as the CI-SIS profiles ask)"
            : "send the message in the set MSH-18 declares, or declare the set it is in";
        return new Hl7Refusal(Rule.HL7_ENCODING_MISMATCH, "byte " + String.format("0x%02X", payload[offset] & 0xFF)
            + " at offset " + offset + " (" + where.shown() + ") " + what + " " + CharacterSets.shown(declared) + ": "
            + hint, Optional.of(msh.header(StandardCharsets.US_ASCII)), where.location());
    }

    private static int firstC1Control(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            int b = payload[i] & 0xFF;
            if (b >= 0x80 && b <= 0x9F) {
                return i;
            }
        }
        return -1;
    }

    /** The offset of the first multi-byte UTF-8 sequence when every byte over 0x7F is part of one; else -1. */
    private static int firstUtf8Sequence(byte[] payload) {
        int first = -1;
        int i = 0;
        while (i < payload.length) {
            int b = payload[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            if (length == 0 || i + length > payload.length) {
                return -1;
            }
            for (int k = 1; k < length; k++) {
                if ((payload[i + k] & 0xC0) != 0x80) {
                    return -1;
                }
            }
            if (first < 0) {
                first = i;
            }
            i += length;
        }
        return first;
    }

    private static String segmentsSeparatedByCarriageReturn(String decoded) {
        String text = decoded.replace("\r\n", "\r").replace('\n', '\r');
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String location(HL7Exception e) {
        Location where = e.getLocation();
        if (where == null || where.getSegmentName() == null || where.getSegmentName().isBlank()) {
            return "";
        }
        int repetition = Math.max(where.getSegmentRepetition(), 1);
        return where.getField() > 0 ? where.getSegmentName() + "^" + repetition + "^" + where.getField()
            : where.getSegmentName() + "^" + repetition;
    }

    private static PipeParser parser(String version) {
        HapiContext context = new DefaultHapiContext(
            new RememberedModelClasses(new CanonicalModelClassFactory(version)));
        context.setValidationContext(new NoValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.ADD_INLINE);
        return context.getPipeParser();
    }

    /** The segment and field a byte of the raw payload falls in, for ERR-2 and the sentence. */
    private record Where(String segment, int sequence, int field) {
        static Where of(byte[] payload, int offset, char separator) {
            int start = 0;
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            String name = "";
            for (int i = 0; i <= offset && i < payload.length; i++) {
                if (i == start && payload[i] != '\r' && payload[i] != '\n') {
                    name = new String(payload, start, Math.min(3, payload.length - start), StandardCharsets.ISO_8859_1);
                    counts.merge(name, 1, Integer::sum);
                }
                if (payload[i] == '\r' || payload[i] == '\n') {
                    start = i + 1;
                }
            }
            int field = 0;
            for (int i = start; i < offset; i++) {
                if (payload[i] == separator) {
                    field++;
                }
            }
            if (name.equals("MSH")) {
                field++;
            }
            return new Where(name, counts.getOrDefault(name, 1), field);
        }

        String shown() {
            return field == 0 ? segment + " segment" : segment + "-" + field;
        }

        String location() {
            return field == 0 ? segment + "^" + sequence : segment + "^" + sequence + "^" + field;
        }
    }
}
