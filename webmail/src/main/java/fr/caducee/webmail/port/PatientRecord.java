package fr.caducee.webmail.port;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;

/**
 * The open box's shared record, as the record service keeps it (server/records): documents, who read them, and the
 * patient's choices, which the record API applies to professionals. For a representative, documents marked
 * {@code INVISIBLE_REP_LEGAUX} do not exist (listed nowhere, downloaded never: empty). Reads by the patient are
 * traced like any other access to the record.
 */
public interface PatientRecord {

    /** Current documents, most recent first. */
    List<RecordEntry> documents(Viewer viewer);

    /** A document's PDF rendition when it has one, else the CDA document itself; empty when unknown here. */
    Optional<Download> download(Viewer viewer, String documentId);

    /** Who accessed the record, most recent first. */
    List<RecordEntry.Access> accesses(Viewer viewer, int limit);

    Choices choices(Viewer viewer);

    /** Allows or refuses emergency (and regulator) access to the record. */
    void allowEmergencyAccess(Viewer viewer, boolean allowed);

    /** Blocks a professional, by national identifier, from every access; false when no such professional. */
    boolean block(Viewer viewer, IdNat professional);

    void unblock(Viewer viewer, IdNat professional);

    /** The patient's choices: emergency access, and the professionals blocked. */
    record Choices(boolean emergencyAccessAllowed, List<Blocked> blocked) {
        public Choices {
            blocked = List.copyOf(blocked);
        }
    }

    record Blocked(IdNat idNat, Correspondent professional) {
    }
}
