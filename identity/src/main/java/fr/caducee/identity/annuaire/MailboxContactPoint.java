package fr.caducee.identity.annuaire;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;

/**
 * A box as a FHIR {@code ContactPoint} of its carrier (profile AS Mailbox MSS): {@code system} email, the address as
 * {@code value}, and the extension {@code as-ext-mailbox-mss-metadata} with its parts {@code type},
 * {@code listeRouge}, {@code description}, {@code service}, {@code responsible}, in the order of the guide's
 * examples.
 *
 * <p>The box's type is a {@code CodeableConcept} of ANS's TRE_R257-TypeBAL, as the Annuaire IG's definition of the
 * extension binds it, as the guide's data model and its FHIR examples write it. The guide's PATCH examples write it
 * two other ways (a bare {@code valueCode} in the page on writes, a coding of TRE_R256-TypeMessagerie, the messaging
 * type code system, in the OpenAPI): the tests compare our bodies with theirs once that one part is written as the
 * extension defines it.
 */
public final class MailboxContactPoint {
    public static final String METADATA_URL =
        "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";
    public static final String TYPE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL";

    private MailboxContactPoint() {
    }

    public static ContactPoint of(PublishedBox box) {
        Extension metadata = new Extension(METADATA_URL);
        metadata.addExtension("type", new CodeableConcept().addCoding(
            new Coding().setSystem(TYPE_SYSTEM).setCode(box.type().name())));
        metadata.addExtension("listeRouge", new BooleanType(box.listeRouge()));
        box.description().ifPresent(description -> metadata.addExtension("description", new StringType(description)));
        box.service().ifPresent(service -> metadata.addExtension("service", new StringType(service)));
        box.responsible().ifPresent(responsible -> metadata.addExtension("responsible", new StringType(responsible)));
        ContactPoint contactPoint = new ContactPoint()
            .setSystem(ContactPoint.ContactPointSystem.EMAIL)
            .setValue(box.address().address());
        contactPoint.addExtension(metadata);
        return contactPoint;
    }
}
