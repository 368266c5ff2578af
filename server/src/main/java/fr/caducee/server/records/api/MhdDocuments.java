package fr.caducee.server.records.api;

import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.context.FhirContext;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.identifier.IdNat;

/**
 * The record's versions as IHE MHD shows them: FHIR R4 {@code DocumentReference}s in a search-set {@code Bundle}
 * (ITI-67), each pointing at its bytes at {@code /fhir/Binary/<id>} (ITI-68).
 *
 * <p>FHIR's {@code Attachment.hash} is a SHA-1; the record keeps a SHA-256 of each document, given as the extension
 * {@value #SHA256_EXTENSION} rather than a SHA-1 computed at every search from bytes a search does not read.
 */
final class MhdDocuments {
    static final String SHA256_EXTENSION = "urn:caducee:fhir:attachment-sha256";
    static final String LOINC = "http://loinc.org";
    static final String CONFIDENTIALITY_V3 = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private MhdDocuments() {
    }

    static String searchSet(List<StoredDocument> documents, String baseUrl) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(documents.size());
        for (StoredDocument document : documents) {
            bundle.addEntry().setFullUrl(baseUrl + "/fhir/DocumentReference/" + document.id())
                .setResource(reference(document, baseUrl)).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    static DocumentReference reference(StoredDocument document, String baseUrl) {
        DocumentReference reference = new DocumentReference();
        reference.setId(document.id().toString());
        reference.setMasterIdentifier(uniqueId(document.uniqueId()));
        reference.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem("urn:ietf:rfc:3986")
            .setValue("urn:uuid:" + document.id());
        reference.setStatus(switch (document.status()) {
            case CURRENT -> Enumerations.DocumentReferenceStatus.CURRENT;
            case SUPERSEDED -> Enumerations.DocumentReferenceStatus.SUPERSEDED;
            case DELETED -> Enumerations.DocumentReferenceStatus.ENTEREDINERROR;
        });
        reference.getType().addCoding().setSystem(LOINC).setCode(document.typeCode()).setDisplay(document.title());
        reference.getSubject().setIdentifier(new Identifier().setSystem("urn:oid:" + document.insAuthority())
            .setValue(document.patientIns()));
        reference.setDate(Date.from(document.depositedAt()));
        reference.addAuthor(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:" + IdNat.OID)
            .setValue(document.authorIdNat())));
        reference.setDescription(document.title());
        for (String code : document.confidentialityCodes()) {
            reference.addSecurityLabel().addCoding()
                .setSystem(code.equals("N") || code.equals("R") || code.equals("V") ? CONFIDENTIALITY_V3
                    : "urn:oid:" + ConfidentialityCodes.CODING_SCHEME)
                .setCode(code);
        }
        document.replaces().ifPresent(replaced -> reference.addRelatesTo()
            .setCode(DocumentReference.DocumentRelationshipType.REPLACES)
            .setTarget(new Reference("DocumentReference/" + replaced)));
        DocumentReference.DocumentReferenceContentComponent content = reference.addContent();
        content.getAttachment().setContentType(document.mediaType()).setSize((int) Math.min(document.size(),
                Integer.MAX_VALUE)).setTitle(document.title())
            .setUrl(baseUrl + "/fhir/Binary/" + document.id())
            .addExtension(SHA256_EXTENSION, new Base64BinaryType(document.sha256()));
        document.effectiveTime().ifPresent(time -> content.getAttachment().setCreation(Date.from(time)));
        content.getFormat().setSystem("urn:oid:1.3.6.1.4.1.19376.1.2.3").setCode("urn:ihe:iti:xds:2017:mimeTypeSufficient");
        return reference;
    }

    /** An OID unique id as {@code urn:oid:}; a {@code root^extension} as written (it is no URI). */
    private static Identifier uniqueId(String uniqueId) {
        return OID.matcher(uniqueId).matches()
            ? new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + uniqueId)
            : new Identifier().setValue(uniqueId);
    }
}
