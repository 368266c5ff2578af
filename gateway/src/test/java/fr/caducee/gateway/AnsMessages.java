package fr.caducee.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ANS's HL7 examples ({@code src/test/resources/hl7/ans}, see its README) and what the tests add to them, never by
 * editing the files: a GP (ROL ODRP) in the admissions, a FINESS in MSH-4, a real CDA in the documents' OBX-5.
 */
public final class AnsMessages {
    /** The placeholder ANS's ORU and MDM examples carry in OBX-5 ("Document medcial au format CDA niveau 1"). */
    public static final String PLACEHOLDER_CDA = "RG9jdW1lbnQgbWVkY2lhbCBhdSBmb3JtYXQgQ0RBIG5pdmVhdSAx";
    /** A GP with a valid RPPS, as DOMAIN.md writes the ROL of a médecin traitant. */
    public static final String GP_RPPS = "10000005479";
    public static final String ROL_GP = "ROL||UC|ODRP|" + GP_RPPS
        + "^MEDECIN^JEAN^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^RPPS";

    private AnsMessages() {
    }

    /** The file's bytes as published. */
    public static byte[] bytes(String name) {
        try (InputStream in = AnsMessages.class.getResourceAsStream("/hl7/ans/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no ANS example " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message as MLLP carries it: UTF-8, segments separated by CR. */
    public static String text(String name) {
        return crSeparated(new String(bytes(name), StandardCharsets.UTF_8));
    }

    public static String crSeparated(String text) {
        return text.replace("\r\n", "\r").replace('\n', '\r').replaceAll("\r+$", "");
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The message with a segment put after the first segment of the given id. */
    public static String withSegmentAfter(String text, String after, String segment) {
        List<String> segments = new ArrayList<>(List.of(text.split("\r")));
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).startsWith(after + "|")) {
                segments.add(i + 1, segment);
                return String.join("\r", segments);
            }
        }
        throw new IllegalArgumentException("no segment " + after);
    }

    /** The message without the segments of an id. */
    public static String without(String text, String id) {
        return String.join("\r", List.of(text.split("\r")).stream().filter(s -> !s.startsWith(id + "|")).toList());
    }

    /** Field {@code n} of the first segment of an id replaced (MSH-n counted as HL7 does). */
    public static String withField(String text, String id, int n, String value) {
        List<String> segments = new ArrayList<>(List.of(text.split("\r")));
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).startsWith(id + "|")) {
                List<String> fields = new ArrayList<>(List.of(segments.get(i).split(Pattern.quote("|"), -1)));
                int index = id.equals("MSH") ? n - 1 : n;
                while (fields.size() <= index) {
                    fields.add("");
                }
                fields.set(index, value);
                segments.set(i, String.join("|", fields));
                return String.join("\r", segments);
            }
        }
        throw new IllegalArgumentException("no segment " + id);
    }

    /** The message with every placeholder document replaced by this CDA. */
    public static String withDocument(String text, byte[] cda) {
        return text.replace(PLACEHOLDER_CDA, Base64.getEncoder().encodeToString(cda));
    }

    /** An ANS CDA sample of the domain's tests ({@code cda/ans/...}). */
    public static byte[] cda(String resource) {
        try (InputStream in = AnsMessages.class.getResourceAsStream("/cda/ans/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no ANS CDA " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
