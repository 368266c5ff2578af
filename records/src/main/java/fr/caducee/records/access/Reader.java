package fr.caducee.records.access;

import java.util.Objects;
import java.util.Optional;

/** Who reads a record, as the server resolved the authenticated box. */
public sealed interface Reader {

    /** What the record's access log and {@code record_access.reader} name: an idNat, an INS or a box. */
    String id();

    /** The box the reader authenticated as. */
    String box();

    /**
     * A registered professional, through their own box (PER or CAB).
     *
     * @param idNat their national id
     * @param professionCode 10 doctor, 21 pharmacist, 60 nurse... (empty when the directory does not know it)
     * @param structureId the national id (FINESS or SIRET) of the structure the box is attached to, if any
     */
    record Professional(String idNat, String professionCode, String box, Optional<String> structureId)
            implements Reader {
        public Professional {
            Objects.requireNonNull(idNat, "idNat");
            professionCode = Objects.requireNonNullElse(professionCode, "");
            Objects.requireNonNull(box, "box");
            structureId = Objects.requireNonNullElse(structureId, Optional.empty());
        }

        @Override
        public String id() {
            return idNat;
        }
    }

    /** The patient, reading their own record through their box. */
    record Patient(String ins, String box) implements Reader {
        public Patient {
            Objects.requireNonNull(ins, "ins");
            Objects.requireNonNull(box, "box");
        }

        @Override
        public String id() {
            return ins;
        }
    }

    /**
     * A legal representative (a parent) reading, in the webmail, the record of a patient they represent, as the
     * directory records it: what the patient reads, except the documents marked {@code INVISIBLE_REP_LEGAUX}.
     *
     * @param ins the representative's own INS: the access log names who read, not whose record it is
     * @param patientIns the INS of the patient represented, whose record this is
     * @param box the representative's own box, the one that logged in
     */
    record Representative(String ins, String patientIns, String box) implements Reader {
        public Representative {
            Objects.requireNonNull(ins, "ins");
            Objects.requireNonNull(patientIns, "patientIns");
            Objects.requireNonNull(box, "box");
        }

        @Override
        public String id() {
            return ins;
        }
    }

    /**
     * Software through an applicative (APP) box, acting for its structure: it reads back what it deposited, nothing
     * else (reading for a person needs that person's identity, which Pro Santé Connect will bring).
     */
    record Software(String box, Optional<String> structureId) implements Reader {
        public Software {
            Objects.requireNonNull(box, "box");
            structureId = Objects.requireNonNullElse(structureId, Optional.empty());
        }

        @Override
        public String id() {
            return box;
        }
    }
}
