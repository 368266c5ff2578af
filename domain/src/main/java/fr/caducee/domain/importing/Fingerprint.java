package fr.caducee.domain.importing;

/** 64-bit hashes of strings, two independent ones so that a pair makes a 128-bit fingerprint. */
final class Fingerprint {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long MULTIPLIER = 0xc2b2ae3d27d4eb4fL;
    // Between parts, so that ("ab", "c") and ("a", "bc") differ; U+FFFF is not a character.
    private static final char SEPARATOR = '\uffff';

    private Fingerprint() {
    }

    /** FNV-1a. */
    static long first(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** A polynomial hash with another multiplier, finished by the splitmix64 mixer. */
    static long second(CharSequence s) {
        long h = s.length();
        for (int i = 0; i < s.length(); i++) {
            h = (h + s.charAt(i)) * MULTIPLIER;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A hash of several values together, to tell whether two descriptions of a record are the same. */
    static long of(String... parts) {
        long h = FNV_OFFSET;
        for (String part : parts) {
            for (int i = 0; i < part.length(); i++) {
                h = (h ^ part.charAt(i)) * FNV_PRIME;
            }
            h = (h ^ SEPARATOR) * FNV_PRIME;
        }
        return h;
    }
}
