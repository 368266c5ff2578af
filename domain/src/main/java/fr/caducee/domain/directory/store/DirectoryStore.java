package fr.caducee.domain.directory.store;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The authoritative store of professionals, structures, boxes and patients (LDAP). Every method goes to the store:
 * the server reads through {@code Directory}, which caches.
 *
 * <p>Writes check the model's references (a box's holder, structure, responsible and members must exist) and
 * refuse with a {@link DirectoryRefusal} naming the record and the field; a write that returned has been made
 * durable by the store. Failures to reach the store are {@link DirectoryUnavailableException}s.
 */
public interface DirectoryStore extends AutoCloseable {

    Optional<Professional> professional(IdNat idNat);

    Optional<Structure> structure(StructureId id);

    Optional<Box> box(BoxAddress address);

    Optional<Patient> patient(Ins ins);

    /** The boxes a professional holds (PER, CAB) or may use (ORG as responsible or member), by address. */
    List<Box> boxesOf(IdNat idNat);

    /**
     * The boxes of a structure (its ORG and APP boxes, the PER and CAB boxes attached to it), by address: where a
     * patient may write first to their pharmacy. A store that cannot search by structure says so.
     */
    default List<Box> boxesAt(StructureId structure) {
        throw new UnsupportedOperationException("this directory store cannot list the boxes of a structure");
    }

    /**
     * The stored password hash of a login, a box address or a patient's address; empty when the login is unknown
     * or has no password yet.
     */
    Optional<String> passwordHash(BoxAddress login);

    /** Up to {@code limit} boxes in address order, starting after {@code after} (empty: from the first). */
    List<Box> boxes(Optional<BoxAddress> after, int limit);

    List<Professional> professionals(Optional<IdNat> after, int limit);

    List<Structure> structures(Optional<StructureId> after, int limit);

    List<Patient> patients(Optional<Ins> after, int limit);

    /** Adds or replaces a professional. */
    WriteOutcome putProfessional(Professional professional);

    /** Adds or replaces a structure. */
    WriteOutcome putStructure(Structure structure);

    /**
     * Adds a box, or updates the mutable fields of an existing one (structure attachment, responsible, members,
     * liste rouge, status, service, software reference). Refused: a different type for an existing address, an
     * unknown holder, structure, responsible or member. The creation date of an existing box is kept.
     */
    WriteOutcome putBox(Box box);

    /** Adds a box; refused when the address already exists. */
    void createBox(Box box);

    /** Adds or replaces a patient (its dispensings included). */
    WriteOutcome putPatient(Patient patient);

    /** Records a dispensing for a known patient at a known structure; refused otherwise. */
    void addDispensing(Ins ins, Dispensing dispensing);

    /**
     * The INS of the patients recorded as this patient's legal representatives (a parent of a child), in INS order;
     * empty when there are none or the patient is unknown. A store that keeps no representatives has none.
     */
    default List<Ins> representativesOf(Ins patient) {
        return List.of();
    }

    /** The patients whose records name this patient as a legal representative, in INS order. */
    default List<Patient> representedBy(Ins representative) {
        return List.of();
    }

    /**
     * Records {@code representative} as a legal representative of {@code patient}: both must be patients of this
     * directory, and different. Returns false when it was recorded already. Refused: the patient unknown
     * ({@code NOT_FOUND}), the representative unknown ({@code UNKNOWN_REFERENCE}), oneself ({@code INVALID}).
     */
    default boolean addRepresentative(Ins patient, Ins representative) {
        throw new UnsupportedOperationException("this directory store keeps no representatives");
    }

    /**
     * Removes {@code representative} from {@code patient}'s legal representatives; false when it was not one.
     * Refused when the patient is unknown ({@code NOT_FOUND}).
     */
    default boolean removeRepresentative(Ins patient, Ins representative) {
        throw new UnsupportedOperationException("this directory store keeps no representatives");
    }

    /** Sets the password hash of a box or a patient; refused when the login is unknown. */
    void setPasswordHash(BoxAddress login, String hash);

    /** Removes a professional with no box; refused while a box still refers to them. Used to undo a partial line. */
    boolean removeProfessional(IdNat idNat);

    /** Removes a structure no box refers to; refused otherwise. Used to undo a partial line. */
    boolean removeStructure(StructureId id);

    /** Removes a box. Boxes are suspended, not removed, in normal operation: this undoes a partial line. */
    boolean removeBox(BoxAddress address);

    long countBoxes();

    @Override
    void close();
}
