package fr.caducee.gateway.admission;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.gateway.message.Hl7Time;
import fr.caducee.gateway.message.Segments;

/**
 * Reads the patient of a PID segment (IHE PAM France 2.11, and the CI-SIS annex on the INS in HL7 v2): the INS is
 * the PID-3 repetition whose identifier type (CX-5) is {@code INS} and whose assigning authority (CX-4.2) is an INS
 * OID; the name is the PID-5 repetition of type {@code L} (the birth name), else the first.
 */
public final class PatientReader {
    /** The INS authorities: NIR, NIA, test and demonstration identities. */
    public static final Set<String> INS_AUTHORITIES = Set.of(Ins.NIR_OID, Ins.NIA_OID, Ins.TEST_OID, Ins.DEMO_OID);
    private static final int PATIENT_IDS = 3;
    private static final int NAME = 5;

    private PatientReader() {
    }

    /** The patient; the INS is left empty when PID-3 has none or only one {@link #insProblem} refuses. */
    public static PatientTraits read(Segments pid) {
        Optional<Ins> ins = Optional.empty();
        String authority = "";
        for (int rep = 0; rep < pid.repetitions(PATIENT_IDS) && ins.isEmpty(); rep++) {
            String oid = pid.value(PATIENT_IDS, rep, 4, 2);
            if (isIns(pid, rep) && INS_AUTHORITIES.contains(oid) && Ins.isValid(pid.value(PATIENT_IDS, rep, 1, 1))) {
                ins = Optional.of(Ins.parse(pid.value(PATIENT_IDS, rep, 1, 1)));
                authority = oid;
            }
        }
        int nameRep = 0;
        for (int rep = 0; rep < pid.repetitions(NAME); rep++) {
            if (pid.value(NAME, rep, 7, 1).equals("L")) {
                nameRep = rep;
                break;
            }
        }
        return new PatientTraits(ins, authority, pid.value(NAME, nameRep, 1, 1), pid.value(NAME, nameRep, 2, 1),
            Hl7Time.date(pid.value(7)), pid.value(8));
    }

    /**
     * Why PID-3's INS cannot be taken, when it has one typed {@code INS} that is not valid (an authority that is not
     * an INS OID, a wrong key...); empty when the INS was read or when PID-3 names none.
     */
    public static Optional<String> insProblem(Segments pid) {
        if (read(pid).ins().isPresent()) {
            return Optional.empty();
        }
        for (int rep = 0; rep < pid.repetitions(PATIENT_IDS); rep++) {
            if (!isIns(pid, rep)) {
                continue;
            }
            String value = pid.value(PATIENT_IDS, rep, 1, 1);
            String oid = pid.value(PATIENT_IDS, rep, 4, 2);
            if (!INS_AUTHORITIES.contains(oid)) {
                return Optional.of("PID-3 names an INS (" + value + ") under the authority '" + oid + "', which is not "
                    + "an INS authority (" + String.join(", ", List.of(Ins.NIR_OID, Ins.NIA_OID, Ins.TEST_OID,
                        Ins.DEMO_OID)) + " in CX-4.2)");
            }
            try {
                Ins.parse(value);
            } catch (InvalidIdentifierException e) {
                return Optional.of("PID-3's INS is not valid: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean isIns(Segments pid, int rep) {
        return pid.value(PATIENT_IDS, rep, 5, 1).equals("INS");
    }
}
