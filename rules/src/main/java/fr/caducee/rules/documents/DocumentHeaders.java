package fr.caducee.rules.documents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.MimeUtility;

import fr.caducee.domain.documents.DocumentEntry;
import fr.caducee.domain.documents.Shown;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.domain.documents.XdmMetadata;

/**
 * The MSSanté headers that describe an XDM archive, checked against its {@code METADATA.XML}:
 * <ul>
 *   <li>{@code X-MSS-CODECDA}: the LOINC type code of each document, one per header (several headers for several
 *       codes; comma-separated values in one header are read too). As a set, they must be the archive's type
 *       codes.</li>
 *   <li>{@code X-MSS-INS}: {@code O} when every document's patient id is a qualified INS, {@code N} otherwise.</li>
 * </ul>
 * A header that is absent (or blank) is not a contradiction: the verdict says what to add, from the metadata.
 */
public final class DocumentHeaders {
    public static final String CODE_HEADER = "X-MSS-CODECDA";
    public static final String INS_HEADER = "X-MSS-INS";
    private static final String WHERE = "METADATA.XML in " + XdmArchive.FILE_NAME;

    /**
     * @param refusal why the message must be refused, as a sentence for the sender; empty when consistent
     * @param codesToAdd the {@code X-MSS-CODECDA} values to set, one header each, when the message has none
     * @param insToAdd the {@code X-MSS-INS} value to set when the message has none
     */
    public record Verdict(Optional<String> refusal, List<String> codesToAdd, Optional<String> insToAdd) {
        static Verdict refused(String sentence) {
            return new Verdict(Optional.of(sentence), List.of(), Optional.empty());
        }
    }

    private DocumentHeaders() {
    }

    /**
     * @param codeHeaders the message's {@code X-MSS-CODECDA} values (null when none)
     * @param insHeaders the message's {@code X-MSS-INS} values (null when none)
     * @param documents the document entries of every attached archive
     */
    public static Verdict check(String[] codeHeaders, String[] insHeaders, List<DocumentEntry> documents) {
        Set<String> archiveCodes = new LinkedHashSet<>();
        for (DocumentEntry document : documents) {
            if (document.typeCode().isEmpty()) {
                return Verdict.refused(WHERE + " gives the document " + Shown.value(document.id()) + " no typeCode "
                    + "(classification " + XdmMetadata.TYPE_CODE_SCHEME + "): each document needs its LOINC type code, "
                    + "which " + CODE_HEADER + " repeats for the recipient's software");
            }
            archiveCodes.add(document.typeCode().get());
        }
        Set<String> declaredCodes = values(codeHeaders, true);
        List<String> codesToAdd = List.of();
        if (declaredCodes.isEmpty()) {
            codesToAdd = List.copyOf(archiveCodes);
        } else if (!declaredCodes.equals(archiveCodes)) {
            return Verdict.refused(CODE_HEADER + " says " + Shown.value(String.join(", ", declaredCodes)) + " but " + WHERE
                + " gives the type code" + (archiveCodes.size() > 1 ? "s " : " ") + Shown.value(String.join(", ", archiveCodes))
                + ": write one " + CODE_HEADER + " header per type code of the archive's documents, or leave them out and "
                + "they are set from the archive");
        }

        Optional<DocumentEntry> unqualified = documents.stream()
            .filter(document -> document.patientId().map(id -> !id.qualifiedIns()).orElse(true))
            .findFirst();
        String archiveIns = unqualified.isEmpty() ? "O" : "N";
        Set<String> declaredIns = new LinkedHashSet<>();
        values(insHeaders, false).forEach(value -> declaredIns.add(value.toUpperCase(Locale.ROOT)));
        Optional<String> insToAdd = Optional.empty();
        if (declaredIns.isEmpty()) {
            insToAdd = Optional.of(archiveIns);
        } else if (declaredIns.size() > 1) {
            return Verdict.refused(INS_HEADER + " appears with different values (" + Shown.value(String.join(", ", declaredIns))
                + "): write it once, O or N");
        } else {
            String declared = declaredIns.iterator().next();
            if (!declared.equals("O") && !declared.equals("N")) {
                return Verdict.refused(INS_HEADER + " says " + Shown.value(declared) + ": its value is O (every document "
                    + "has a qualified INS) or N; " + WHERE + " says " + archiveIns);
            }
            if (!declared.equals(archiveIns)) {
                return Verdict.refused(INS_HEADER + " says " + declared + " but " + unqualified.map(DocumentHeaders::why)
                    .orElse("every document in " + WHERE + " has a qualified INS as patient id")
                    + ": write " + INS_HEADER + ": " + archiveIns + ", or leave it out and it is set from the archive");
            }
        }
        return new Verdict(Optional.empty(), codesToAdd, insToAdd);
    }

    private static String why(DocumentEntry document) {
        return WHERE + " gives the document " + Shown.value(document.id()) + document.patientId()
            .map(id -> " the patient id " + Shown.value(id.value()) + ", which is not a qualified INS: "
                + id.whyNotQualified().orElse(""))
            .orElse(" no patient id (external identifier " + XdmMetadata.PATIENT_ID_SCHEME + "), hence no qualified INS");
    }

    /** Non-blank values of a header, unfolded and trimmed; split on commas when the header is a list. */
    private static Set<String> values(String[] headers, boolean list) {
        Set<String> values = new LinkedHashSet<>();
        if (headers == null) {
            return values;
        }
        for (String header : headers) {
            List<String> parts = new ArrayList<>();
            String unfolded = MimeUtility.unfold(header);
            if (list) {
                parts.addAll(List.of(unfolded.split(",")));
            } else {
                parts.add(unfolded);
            }
            for (String part : parts) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }
}
