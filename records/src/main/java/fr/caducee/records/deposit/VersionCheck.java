package fr.caducee.records.deposit;

import static fr.caducee.records.IntegrationError.AUTHOR_NOT_ALLOWED;
import static fr.caducee.records.IntegrationError.INS_MISMATCH;
import static fr.caducee.records.IntegrationError.WRONG_VERSION;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.documents.CdaHeader;
import fr.caducee.domain.documents.InstanceIdentifier;
import fr.caducee.domain.documents.Shown;
import fr.caducee.domain.documents.XdmAssociation;
import fr.caducee.domain.documents.XdmEntry;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.RecordLookup;
import fr.caducee.records.StoredVersion;

/**
 * What a document does to the record and whether it may: a new document, a new version of the current one (900),
 * or the withdrawal of the current one (900), by its author or someone of the same organisation (901).
 *
 * <p>A withdrawal is the current version sent again, marked deprecated: its entry's {@code status} is XDS's
 * {@value XdmEntry#DEPRECATED}, or an {@value XdmAssociation#UPDATE_AVAILABILITY_STATUS} association of the
 * submission set gives it the status Deprecated (or the French record's Deleted). A withdrawal takes precedence
 * over the {@code RPLC} the version carries from its own creation.
 */
final class VersionCheck {
    private VersionCheck() {
    }

    /**
     * What a document does.
     *
     * @param action new, replacement or deletion
     * @param setId the set it belongs to
     * @param version its version number
     * @param replaces the version it replaces or withdraws
     * @param acted the stored version it replaces or withdraws, whose author and depositor may act on it
     */
    record Resolved(DocumentAction action, String setId, int version, Optional<String> replaces,
                    Optional<StoredVersion> acted) {
    }

    static Resolved resolve(CdaHeader cda, XdmEntry entry, List<XdmAssociation> associations, Ins patient,
            RecordLookup lookup, String document) throws RefusedDeposit {
        String uniqueId = cda.uniqueId();
        if (withdrawn(entry, uniqueId, associations)) {
            StoredVersion stored = lookup.byUniqueId(uniqueId).orElseThrow(() -> new RefusedDeposit(WRONG_VERSION,
                DepositRules.VERSION_UNKNOWN, document + " asks to withdraw the version " + Shown.value(uniqueId)
                    + ", which is not in the record: a withdrawal sends again the current version it withdraws"));
            current(stored, lookup, "withdraw", document);
            samePatient(stored, patient, document);
            return new Resolved(DocumentAction.DELETE, stored.setId(), stored.version(), Optional.of(uniqueId),
                Optional.of(stored));
        }
        Optional<String> parentId = cda.replaces().map(CdaHeader.ParentDocument::uniqueId)
            .or(() -> associations.stream().filter(a -> XdmAssociation.RPLC.equals(a.type()))
                .filter(a -> a.source().equals(entry.id())).map(XdmAssociation::target).findFirst());
        Optional<StoredVersion> stored = lookup.byUniqueId(uniqueId);
        if (stored.isPresent()) {
            // Sent again: the store acknowledges it without storing it twice, whatever became of it since.
            samePatient(stored.get(), patient, document);
            return new Resolved(parentId.isPresent() ? DocumentAction.REPLACE : DocumentAction.NEW,
                stored.get().setId(), stored.get().version(), parentId, Optional.empty());
        }
        if (parentId.isPresent()) {
            StoredVersion parent = lookup.byUniqueId(parentId.get()).orElseThrow(() -> new RefusedDeposit(
                WRONG_VERSION, DepositRules.VERSION_UNKNOWN, document + " replaces the version "
                    + Shown.value(parentId.get()) + ", which is not in the record: replace the current version of "
                    + "the document, or send this one as a new document"));
            current(parent, lookup, "replace", document);
            samePatient(parent, patient, document);
            Optional<String> setId = cda.setId().map(InstanceIdentifier::value);
            if (setId.isPresent() && !setId.get().equals(parent.setId())) {
                throw new RefusedDeposit(WRONG_VERSION, DepositRules.VERSION_NOT_CURRENT, document + " is in the set "
                    + Shown.value(setId.get()) + " but replaces a version of the set " + Shown.value(parent.setId())
                    + ": a new version keeps the setId of the version it replaces");
            }
            if (cda.version() <= parent.version()) {
                throw new RefusedDeposit(WRONG_VERSION, DepositRules.VERSION_NUMBER, document + " is version "
                    + cda.version() + " but replaces version " + parent.version() + ": number the new version "
                    + (parent.version() + 1));
            }
            return new Resolved(DocumentAction.REPLACE, parent.setId(), cda.version(), parentId, Optional.of(parent));
        }
        String setId = cda.setId().map(InstanceIdentifier::value).orElse(uniqueId);
        Optional<StoredVersion> current = lookup.currentOfSet(setId);
        if (current.isPresent()) {
            throw new RefusedDeposit(WRONG_VERSION, DepositRules.SET_EXISTS, document + " starts the set "
                + Shown.value(setId) + ", whose version " + current.get().version() + " ("
                + Shown.value(current.get().uniqueId()) + ") is in the record: send a new version as a replacement "
                + "of it (relatedDocument typeCode RPLC)");
        }
        return new Resolved(DocumentAction.NEW, setId, cda.version(), Optional.empty(), Optional.empty());
    }

    /**
     * The author of the version acted on may replace or withdraw it, and so may the same organisation: the box
     * that deposited it, or a box of the same structure.
     */
    static void allowed(Resolved resolved, String authorIdNat, String senderBox, Directory directory, String document)
            throws RefusedDeposit {
        if (resolved.acted().isEmpty()) {
            return;
        }
        StoredVersion acted = resolved.acted().get();
        if (authorIdNat.equals(acted.authorIdNat()) || senderBox.equalsIgnoreCase(acted.depositedBy())
                || sameStructure(directory, senderBox, acted.depositedBy())) {
            return;
        }
        String verb = resolved.action() == DocumentAction.DELETE ? "withdraw" : "replace";
        throw new RefusedDeposit(AUTHOR_NOT_ALLOWED, DepositRules.AUTHOR_NOT_ALLOWED, document + " asks to " + verb
            + " the version " + Shown.value(acted.uniqueId()) + ", written by " + Shown.value(acted.authorIdNat())
            + ": only its author or their organisation may " + verb + " it");
    }

    private static void current(StoredVersion version, RecordLookup lookup, String verb, String document)
            throws RefusedDeposit {
        if (version.status() == DocumentStatus.CURRENT) {
            return;
        }
        String now = lookup.currentOfSet(version.setId())
            .map(current -> "the current version is " + current.version() + " (" + Shown.value(current.uniqueId()) + ")")
            .orElse("the document was withdrawn");
        throw new RefusedDeposit(WRONG_VERSION, DepositRules.VERSION_NOT_CURRENT, document + " asks to " + verb
            + " the version " + version.version() + " (" + Shown.value(version.uniqueId()) + "), which is "
            + version.status().name().toLowerCase() + ": " + now);
    }

    private static void samePatient(StoredVersion version, Ins patient, String document) throws RefusedDeposit {
        if (!version.patientIns().equalsIgnoreCase(patient.matricule())) {
            throw new RefusedDeposit(INS_MISMATCH, DepositRules.OTHER_PATIENTS_DOCUMENT, document + " is for the "
                + "patient " + patient + " but acts on the version " + Shown.value(version.uniqueId()) + " of another "
                + "patient's record: check the patient's INS");
        }
    }

    private static boolean withdrawn(XdmEntry entry, String uniqueId, List<XdmAssociation> associations) {
        return entry.deprecated() || associations.stream().filter(XdmAssociation::withdraws)
            .anyMatch(a -> a.target().equals(entry.id()) || a.target().equals(uniqueId)
                || entry.uniqueId().filter(a.target()::equals).isPresent());
    }

    private static boolean sameStructure(Directory directory, String one, String other) {
        Optional<?> first = structure(directory, one);
        return first.isPresent() && first.equals(structure(directory, other));
    }

    private static Optional<?> structure(Directory directory, String address) {
        try {
            return directory.findBox(BoxAddress.parse(address)).flatMap(Box::structure);
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }
}
