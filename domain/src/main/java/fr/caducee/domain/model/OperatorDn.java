package fr.caducee.domain.model;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate subject DN as the national whitelist names it ({@code DNCertificatOperateur}), compared by RFC 4517
 * distinguishedNameMatch: same number of RDNs in the same order; in each RDN the same set of attribute/value pairs;
 * attribute types compared by OID (CN, OU, O, L, ST, C, STREET, DC, UID, SERIALNUMBER, E/EMAILADDRESS,
 * organizationIdentifier... mapped to their OIDs; an OID as written also accepted); values compared after RFC 4518
 * string preparation (unescaped, quotes of the RFC 1779 form removed, Unicode NFKC, case folded, leading/trailing
 * spaces removed, inner runs of spaces collapsed to one).
 *
 * <p>The list is typed by people: it holds forms such as {@code CN=a, OU=b} (spaces after commas) and
 * {@code O="C.H. DE  CADILLAC"} (RFC 1779 quotes, double space) for certificates whose subject has neither. A
 * string comparison would refuse those operators; this comparison is the one LDAP directories apply to DNs.
 *
 * <p>Parsing is {@link LdapName}'s (RFC 2253, which also accepts RFC 1779 quotes and {@code ;} separators); the
 * comparison is ours. Immutable.
 */
public final class OperatorDn {

    /** Attribute type names, upper-case, to their OIDs: those found in certificate subjects. */
    private static final Map<String, String> OIDS = Map.ofEntries(
            Map.entry("CN", "2.5.4.3"), Map.entry("COMMONNAME", "2.5.4.3"),
            Map.entry("SN", "2.5.4.4"), Map.entry("SURNAME", "2.5.4.4"),
            Map.entry("SERIALNUMBER", "2.5.4.5"),
            Map.entry("C", "2.5.4.6"), Map.entry("COUNTRYNAME", "2.5.4.6"),
            Map.entry("L", "2.5.4.7"), Map.entry("LOCALITYNAME", "2.5.4.7"),
            Map.entry("ST", "2.5.4.8"), Map.entry("S", "2.5.4.8"), Map.entry("STATEORPROVINCENAME", "2.5.4.8"),
            Map.entry("STREET", "2.5.4.9"), Map.entry("STREETADDRESS", "2.5.4.9"),
            Map.entry("O", "2.5.4.10"), Map.entry("ORGANIZATIONNAME", "2.5.4.10"),
            Map.entry("OU", "2.5.4.11"), Map.entry("ORGANIZATIONALUNITNAME", "2.5.4.11"),
            Map.entry("T", "2.5.4.12"), Map.entry("TITLE", "2.5.4.12"),
            Map.entry("BUSINESSCATEGORY", "2.5.4.15"),
            Map.entry("POSTALCODE", "2.5.4.17"),
            Map.entry("NAME", "2.5.4.41"),
            Map.entry("GIVENNAME", "2.5.4.42"), Map.entry("G", "2.5.4.42"),
            Map.entry("INITIALS", "2.5.4.43"),
            Map.entry("GENERATIONQUALIFIER", "2.5.4.44"),
            Map.entry("UNIQUEIDENTIFIER", "2.5.4.45"),
            Map.entry("DNQUALIFIER", "2.5.4.46"), Map.entry("DNQ", "2.5.4.46"),
            Map.entry("PSEUDONYM", "2.5.4.65"),
            Map.entry("ORGANIZATIONIDENTIFIER", "2.5.4.97"),
            Map.entry("DC", "0.9.2342.19200300.100.1.25"), Map.entry("DOMAINCOMPONENT", "0.9.2342.19200300.100.1.25"),
            Map.entry("UID", "0.9.2342.19200300.100.1.1"), Map.entry("USERID", "0.9.2342.19200300.100.1.1"),
            Map.entry("E", "1.2.840.113549.1.9.1"), Map.entry("EMAIL", "1.2.840.113549.1.9.1"),
            Map.entry("EMAILADDRESS", "1.2.840.113549.1.9.1"));

    /**
     * Names X500Principal does not know by itself: without them it writes such attributes as {@code OID=#hex}.
     * Hex values are decoded anyway; the names just make {@link #asWritten()} readable.
     */
    private static final Map<String, String> PRINCIPAL_KEYWORDS = Map.of(
            "1.2.840.113549.1.9.1", "EMAILADDRESS",
            "2.5.4.5", "SERIALNUMBER",
            "2.5.4.97", "ORGANIZATIONIDENTIFIER",
            "2.5.4.4", "SURNAME",
            "2.5.4.42", "GIVENNAME",
            "2.5.4.12", "TITLE",
            "2.5.4.15", "BUSINESSCATEGORY",
            "2.5.4.17", "POSTALCODE");

    private final String asWritten;
    /** RDNs in written order; each a set of "oid=prepared value". */
    private final List<SortedSet<String>> prepared;

    private OperatorDn(String asWritten, List<SortedSet<String>> prepared) {
        this.asWritten = asWritten;
        this.prepared = prepared;
    }

    /**
     * Reads a DN as written in the list or in a configuration file.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong, if it cannot be read
     */
    public static OperatorDn parse(String dn) {
        if (dn == null || dn.isBlank()) {
            throw new IllegalArgumentException("the DN is empty");
        }
        String written = dn.strip();
        LdapName name;
        try {
            name = new LdapName(written);
        } catch (InvalidNameException | RuntimeException e) {
            throw new IllegalArgumentException("'" + written + "' is not a distinguished name (expected the form "
                    + "CN=...,O=...,C=FR): " + e.getMessage(), e);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + written + "' has no attribute, expected the form "
                    + "CN=...,O=...,C=FR");
        }
        List<Rdn> rdns = name.getRdns(); // rightmost first: reversed so the order is the written one
        List<SortedSet<String>> prepared = new ArrayList<>(rdns.size());
        for (int i = rdns.size() - 1; i >= 0; i--) {
            prepared.add(prepare(rdns.get(i), written));
        }
        return new OperatorDn(written, Collections.unmodifiableList(prepared));
    }

    /** The subject of a certificate, to compare with the list's DNs. */
    public static OperatorDn of(X500Principal subject) {
        Objects.requireNonNull(subject, "subject");
        return parse(subject.getName(X500Principal.RFC2253, PRINCIPAL_KEYWORDS));
    }

    /** The text as given (for a certificate, its RFC 2253 form): for messages. */
    public String asWritten() {
        return asWritten;
    }

    /** distinguishedNameMatch (RFC 4517 section 4.2.15). */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OperatorDn other && prepared.equals(other.prepared));
    }

    @Override
    public int hashCode() {
        return prepared.hashCode();
    }

    @Override
    public String toString() {
        return asWritten;
    }

    private static SortedSet<String> prepare(Rdn rdn, String written) {
        SortedSet<String> pairs = new TreeSet<>();
        try {
            NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
            while (attributes.hasMore()) {
                Attribute attribute = attributes.next();
                String oid = oidOf(attribute.getID(), written);
                NamingEnumeration<?> values = attribute.getAll();
                while (values.hasMore()) {
                    pairs.add(oid + "=" + prepareValue(values.next()));
                }
            }
        } catch (NamingException e) {
            throw new IllegalArgumentException("'" + written + "' cannot be read: " + e.getMessage(), e);
        }
        return pairs;
    }

    private static String oidOf(String type, String written) {
        String upper = type.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("OID.")) {
            upper = upper.substring(4); // RFC 1779 form
        }
        if (isOid(upper)) {
            return upper;
        }
        String oid = OIDS.get(upper);
        if (oid == null) {
            throw new IllegalArgumentException("'" + written + "' has an attribute type '" + type
                    + "' that is neither a known name (CN, OU, O, L, ST, C, E...) nor an OID");
        }
        return oid;
    }

    private static boolean isOid(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return s.indexOf('.') > 0;
    }

    /** A value written {@code #hex} is the BER encoding of the value: a string type is compared as its text. */
    private static String prepareValue(Object value) {
        if (value instanceof byte[] ber) {
            String text = decodeDerString(ber);
            return text == null ? "#" + HexFormat.of().formatHex(ber) : prepareString(text);
        }
        return prepareString(String.valueOf(value));
    }

    /** RFC 4518 string preparation, as far as it matters for names people type: NFKC, case fold, spaces. */
    static String prepareString(String value) {
        String normalised = Normalizer.normalize(value, Normalizer.Form.NFKC);
        // Upper then lower folds characters such as the German sharp s the way case folding does.
        String folded = normalised.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                continue; // mapped to nothing by RFC 4518 section 2.2
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** The text of a DER-encoded ASN.1 string, or null if {@code ber} is not one. */
    private static String decodeDerString(byte[] ber) {
        if (ber.length < 2) {
            return null;
        }
        int tag = ber[0] & 0xff;
        int length = ber[1] & 0xff;
        int offset = 2;
        if (length > 0x7f) {
            int octets = length & 0x7f;
            if (octets == 0 || octets > 3 || ber.length < 2 + octets) {
                return null;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (ber[2 + i] & 0xff);
            }
            offset = 2 + octets;
        }
        if (offset + length != ber.length) {
            return null;
        }
        Charset charset = switch (tag) {
            case 0x0c -> StandardCharsets.UTF_8;                          // UTF8String
            case 0x12, 0x13, 0x16, 0x1a -> StandardCharsets.US_ASCII;     // Numeric, Printable, IA5, Visible
            case 0x14 -> StandardCharsets.ISO_8859_1;                     // TeletexString, as used in practice
            case 0x1e -> StandardCharsets.UTF_16BE;                       // BMPString
            case 0x1c -> Charset.forName("UTF-32BE");                     // UniversalString
            default -> null;
        };
        return charset == null ? null : new String(ber, offset, length, charset);
    }
}
