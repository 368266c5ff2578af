package fr.caducee.gateway.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The character sets of HL7 table 0211 (MSH-18) the gateway reads: those the CI-SIS profiles name
 * ({@code UNICODE UTF-8}, {@code 8859/15}) and their common neighbours ({@code 8859/1}, {@code ASCII}). An empty
 * MSH-18 is ASCII, as HL7 says (v2.5 section 2.15.9.18): a French name with an accent in a message that does not
 * declare its set is refused rather than guessed.
 */
final class CharacterSets {
    static final Charset ISO_8859_15 = Charset.forName("ISO-8859-15");

    private CharacterSets() {
    }

    /** The set MSH-18 names; empty when the gateway does not read it. */
    static Optional<Charset> of(String msh18) {
        String name = msh18.strip().toUpperCase(Locale.ROOT);
        return Optional.ofNullable(switch (name) {
            case "", "ASCII" -> StandardCharsets.US_ASCII;
            case "8859/1" -> StandardCharsets.ISO_8859_1;
            case "8859/15" -> ISO_8859_15;
            case "UNICODE UTF-8" -> StandardCharsets.UTF_8;
            default -> null;
        });
    }

    /** The MSH-18 value naming a set. */
    static String name(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return "UNICODE UTF-8";
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            return "8859/1";
        }
        if (charset.equals(ISO_8859_15)) {
            return "8859/15";
        }
        return "ASCII";
    }

    /** How a set is named in a sentence: its MSH-18 value, or "ASCII (MSH-18 empty)". */
    static String shown(String msh18) {
        return msh18.isBlank() ? "ASCII (MSH-18 is empty)" : msh18.strip();
    }
}
