package fr.caducee.gateway.report;

import java.util.Objects;

/**
 * One document an ORU/MDM carries: the OBX of type ED (value {@code ^TEXT^XML^Base64^...}) whose OBX-3 is a LOINC
 * document type, decoded.
 *
 * @param typeCode the LOINC code (OBX-3.1), e.g. {@code 11502-2}, {@code 15507-7}
 * @param typeLabel OBX-3.2
 * @param mediaType {@code text/xml} for a CDA (the only kind taken), as OBX-5.2/5.3 say
 * @param content the decoded bytes: a CDA R2 document
 * @param action OBX-11
 */
public record ReportDocument(String typeCode, String typeLabel, String mediaType, byte[] content,
                             DocumentAction action) {
    public ReportDocument {
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(action, "action");
        typeLabel = Objects.requireNonNullElse(typeLabel, "");
        mediaType = Objects.requireNonNullElse(mediaType, "text/xml");
    }
}
