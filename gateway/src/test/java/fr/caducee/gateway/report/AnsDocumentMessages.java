package fr.caducee.gateway.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ANS's ORU and MDM examples ({@code src/test/resources/hl7/ans/}, see its README) made into messages the gateway
 * takes, as the README says tests must: each document OBX carries a real CDA (ANS's own, given by the test) instead
 * of the placeholder, the second document OBX of the ORU (the level-1 copy of the same report) is left out, and a
 * flag or a PRT may be changed. Segments separated by CR, as MLLP carries them.
 */
public final class AnsDocumentMessages {
    public static final String ORU_INITIAL = "oru/initial.hl7";
    public static final String ORU_REPLACEMENT = "oru/replacement.er7";
    public static final String ORU_DELETION = "oru/deletion.er7";
    public static final String MDM_INITIAL = "mdm/initial.er7";
    public static final String MDM_REPLACEMENT = "mdm/replacement.er7";
    public static final String MDM_DELETION = "mdm/deletion.er7";

    private final List<String> segments;

    private AnsDocumentMessages(List<String> segments) {
        this.segments = segments;
    }

    /** The example with this CDA in its (first) document OBX. */
    public static AnsDocumentMessages of(String example, byte[] cda) {
        List<String> segments = new ArrayList<>();
        boolean document = false;
        for (String segment : read(example).split("\r\n|\r|\n")) {
            if (segment.isBlank()) {
                continue;
            }
            String[] fields = segment.split("\\|", -1);
            if (fields[0].equals("OBX") && fields.length > 5 && fields[2].equals("ED") && fields[3].endsWith("^LN")) {
                if (document) {
                    continue;
                }
                document = true;
                String[] value = fields[5].split("\\^", -1);
                value[value.length - 1] = Base64.getEncoder().encodeToString(cda);
                fields[5] = String.join("^", value);
                segment = String.join("|", fields);
            }
            segments.add(segment);
        }
        return new AnsDocumentMessages(segments);
    }

    /** The MetaDMPMSS flag set to {@code Y} or {@code N} (its OBX-5 value's first component). */
    public AnsDocumentMessages flag(String code, boolean value) {
        for (int i = 0; i < segments.size(); i++) {
            String[] fields = segments.get(i).split("\\|", -1);
            if (fields[0].equals("OBX") && fields.length > 5 && fields[3].startsWith(code + "^")) {
                String[] components = fields[5].split("\\^", -1);
                components[0] = value ? "Y" : "N";
                fields[5] = String.join("^", components);
                segments.set(i, String.join("|", fields));
                return this;
            }
        }
        throw new IllegalArgumentException("the example has no OBX " + code);
    }

    /** MSH-10 set to this control id. */
    public AnsDocumentMessages controlId(String controlId) {
        return mshField(10, controlId);
    }

    /** MSH-4 set to this sending facility. */
    public AnsDocumentMessages sendingFacility(String facility) {
        return mshField(4, facility);
    }

    /** A field of PID set to this value, e.g. PID-7 the birth date. */
    public AnsDocumentMessages pidField(int number, String value) {
        for (int i = 0; i < segments.size(); i++) {
            String[] fields = segments.get(i).split("\\|", -1);
            if (fields[0].equals("PID")) {
                fields[number] = value;
                segments.set(i, String.join("|", fields));
                return this;
            }
        }
        throw new IllegalArgumentException("the example has no PID");
    }

    /** Every occurrence of a text replaced (an address, an INS...). */
    public AnsDocumentMessages replace(String text, String replacement) {
        boolean found = false;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).contains(text)) {
                segments.set(i, segments.get(i).replace(text, replacement));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("the example has no " + text);
        }
        return this;
    }

    /** A segment put after the first segment whose text starts so. */
    public AnsDocumentMessages after(String start, String segment) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).startsWith(start)) {
                segments.add(i + 1, segment);
                return this;
            }
        }
        throw new IllegalArgumentException("the example has no segment starting " + start);
    }

    /** Segments whose whole text starts so are left out. */
    public AnsDocumentMessages without(String start) {
        segments.removeIf(segment -> segment.startsWith(start));
        return this;
    }

    public String text() {
        return String.join("\r", segments) + "\r";
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    private AnsDocumentMessages mshField(int number, String value) {
        String[] fields = segments.get(0).split("\\|", -1);
        fields[number - 1] = value;
        segments.set(0, String.join("|", fields));
        return this;
    }

    private static String read(String example) {
        try (InputStream in = AnsDocumentMessages.class.getResourceAsStream("/hl7/ans/" + example)) {
            if (in == null) {
                throw new IllegalStateException("test resource hl7/ans/" + example + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
