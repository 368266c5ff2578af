package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real CDA R2 document (one of ANS's published samples) used as the template of every benchmark deposit: its header
 * facts (patient INS, author, LOINC type, title) are read once, and each copy gets its own document id and set id so
 * that the record stores it as a new document. Read with patterns, not a parser: the samples are known, and the load
 * generator must not spend the CPU the server needs.
 */
public final class CdaSample {
    static final String INS_OID_PREFIX = "1.2.250.1.213.1.4.";
    static final String IDNAT_OID = "1.2.250.1.71.4.2.1";
    private static final Pattern ID = Pattern.compile("<id\\s[^>]*>");
    private static final Pattern SET_ID = Pattern.compile("<setId\\s[^>]*>");
    private static final Pattern VERSION = Pattern.compile("<versionNumber\\s");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z:]+)\\s*=\\s*\"([^\"]*)\"");

    private final String source;
    private final String before;
    private final String after;
    private final String documentRoot;
    private final String patientIns;
    private final String insAuthority;
    private final String authorIdNat;
    private final String typeCode;
    private final String title;
    private final String familyName;
    private final String givenName;
    private final String birthDate;

    private CdaSample(String published) {
        String text = withRegistrableAuthor(published);
        this.source = text;
        int root = text.indexOf("<ClinicalDocument");
        Matcher id = ID.matcher(text);
        if (root < 0 || !id.find(root)) {
            throw new IllegalArgumentException("not a CDA document: no ClinicalDocument with an id");
        }
        this.documentRoot = attributes(id.group()).get("root");
        String rest = text.substring(id.end());
        if (!id.group().endsWith("/>")) {
            rest = rest.replaceFirst("^\\s*</id>", "");
        }
        // The id and set id are rewritten per copy: keep the text around them, the set id dropped (added back per copy).
        Matcher setId = SET_ID.matcher(rest);
        if (setId.find()) {
            rest = rest.substring(0, setId.start()) + rest.substring(setId.end()).replaceFirst("^\\s*</setId>", "");
        }
        this.before = text.substring(0, id.start());
        this.after = rest;
        String patientRole = section(text, "patientRole");
        Map<String, String> ins = idWithRootPrefix(patientRole, INS_OID_PREFIX);
        this.patientIns = ins.get("extension");
        this.insAuthority = ins.get("root");
        this.authorIdNat = idWithRootPrefix(section(text, "assignedAuthor"), IDNAT_OID).get("extension");
        Matcher code = Pattern.compile("<code\\s[^>]*>").matcher(text);
        this.typeCode = code.find(id.end()) ? attributes(code.group()).get("code") : null;
        this.title = first(text, "<title>([^<]*)</title>");
        this.familyName = first(patientRole, "<family(?:\\s+qualifier=\"BR\")?>([^<]+)</family>");
        this.givenName = first(patientRole, "<given(?:\\s[^>]*)?>([^<]+)</given>");
        String birth = first(patientRole, "<birthTime\\s+value=\"(\\d{8})");
        this.birthDate = birth;
        if (patientIns == null || authorIdNat == null || typeCode == null || documentRoot == null) {
            throw new IllegalArgumentException("the CDA sample lacks an INS, an author idNat, a type code or a document id");
        }
    }

    /** Prints the facts a script registers in the directory before depositing copies of the sample: key=value pairs. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CdaSample CDA.xml");
            System.exit(2);
        }
        CdaSample cda = read(Path.of(args[0]));
        String birth = cda.birthDate();
        System.out.println("ins=" + cda.patientIns() + " ins_authority=" + cda.insAuthority() + " author=" + cda.authorIdNat()
            + " type=" + cda.typeCode() + " family=" + cda.familyName().replace(' ', '_') + " given="
            + cda.givenName().replace(' ', '_') + " birth="
            + (birth.length() == 8 ? birth.substring(0, 4) + "-" + birth.substring(4, 6) + "-" + birth.substring(6) : ""));
    }

    /**
     * ANS's samples name authors whose RPPS fails its check digit (Luhn over the 11 digits), which no directory can
     * hold: deposited as published, every copy would be refused with 901. The author's id is given the right check
     * digit wherever it appears, as the tests' registrable samples do; a valid id is left alone.
     */
    static String withRegistrableAuthor(String text) {
        String author = idWithRootPrefix(section(text, "assignedAuthor"), IDNAT_OID).get("extension");
        if (author == null || !author.matches("8\\d{11}") || luhnValid(author.substring(1))) {
            return text;
        }
        String payload = author.substring(0, author.length() - 1);
        for (int digit = 0; digit <= 9; digit++) {
            if (luhnValid(payload.substring(1) + digit)) {
                return text.replace(author, payload + digit);
            }
        }
        return text;
    }

    private static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    static CdaSample read(Path file) throws IOException {
        return new CdaSample(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The document with id {@code root^extension} and set id {@code root^extension-set}, version 1. */
    byte[] copy(String extension) {
        String identity = "<id root=\"" + documentRoot + "\" extension=\"" + extension + "\"/>";
        String text = after;
        String setId = "<setId root=\"" + documentRoot + "\" extension=\"" + extension + "-set\"/>\n  ";
        Matcher version = VERSION.matcher(text);
        if (version.find()) {
            text = text.substring(0, version.start()) + setId + text.substring(version.start());
        } else {
            text = setId + text;
        }
        return (before + identity + text).getBytes(StandardCharsets.UTF_8);
    }

    /** The same document about another patient: every occurrence of the INS replaced by {@code ins}. */
    CdaSample withPatient(String ins) {
        return new CdaSample(source.replace(patientIns, ins));
    }

    /** The XDS uniqueId of a copy: root^extension, as ANS writes the id of a CDA that has an extension. */
    String uniqueId(String extension) {
        return documentRoot + "^" + extension;
    }

    String patientIns() {
        return patientIns;
    }

    String insAuthority() {
        return insAuthority;
    }

    String authorIdNat() {
        return authorIdNat;
    }

    String typeCode() {
        return typeCode;
    }

    String title() {
        return title == null ? "Document" : title;
    }

    String familyName() {
        return familyName == null ? "" : familyName;
    }

    String givenName() {
        return givenName == null ? "" : givenName;
    }

    /** yyyyMMdd, or empty. */
    String birthDate() {
        return birthDate == null ? "" : birthDate;
    }

    private static String section(String text, String element) {
        int start = text.indexOf("<" + element + ">");
        int end = text.indexOf("</" + element + ">", start + 1);
        return start < 0 || end < 0 ? "" : text.substring(start, end);
    }

    private static Map<String, String> idWithRootPrefix(String section, String prefix) {
        Matcher id = ID.matcher(section);
        while (id.find()) {
            Map<String, String> attributes = attributes(id.group());
            String root = attributes.get("root");
            if (root != null && root.startsWith(prefix) && attributes.get("extension") != null) {
                return attributes;
            }
        }
        return Map.of();
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new HashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        return attributes;
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1).strip() : null;
    }
}
