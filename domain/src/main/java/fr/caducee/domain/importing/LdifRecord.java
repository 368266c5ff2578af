package fr.caducee.domain.importing;

import java.util.Optional;

import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/** The record one LDIF entry describes, with the line it starts on. */
sealed interface LdifRecord {

    long line();

    /** Identifies the record within the file, in words: {@code box x@y}. */
    String key();

    /**
     * True for records others refer to (professionals, structures), applied in a first pass; boxes and patients,
     * which refer to them, come in a second pass, whatever the order of the file.
     */
    boolean referenced();

    record ProfessionalEntry(long line, Professional professional) implements LdifRecord {
        @Override
        public String key() {
            return "professional " + professional.idNat();
        }

        @Override
        public boolean referenced() {
            return true;
        }
    }

    record StructureEntry(long line, Structure structure) implements LdifRecord {
        @Override
        public String key() {
            return "structure " + structure.id().nationalId();
        }

        @Override
        public boolean referenced() {
            return true;
        }
    }

    /** A box and the password hash to set, if the entry has one. */
    record BoxEntry(long line, Box box, Optional<String> passwordHash) implements LdifRecord {
        @Override
        public String key() {
            return "box " + box.address();
        }

        @Override
        public boolean referenced() {
            return false;
        }
    }

    /**
     * A patient and the password hash to set, if any. {@code createdGiven} is false when the entry has no
     * {@code cadCreated} (the schema allows it): an existing patient then keeps its date.
     */
    record PatientEntry(long line, Patient patient, boolean createdGiven, Optional<String> passwordHash)
            implements LdifRecord {
        @Override
        public String key() {
            return "patient " + patient.ins();
        }

        @Override
        public boolean referenced() {
            return false;
        }
    }
}
