package fr.caducee.records.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a patient chose for their record ({@code record_patient}, {@code record_blocked_reader}).
 *
 * @param emergencyRefused the patient refused emergency access ("bris de glace") and regulator access
 * @param blocked the idNat of the professionals the patient blocked
 * @param gpIdNat their declared GP (médecin traitant), who also reads the access log
 */
public record PatientChoices(String patientIns, boolean emergencyRefused, Set<String> blocked,
                             Optional<String> gpIdNat) {
    public PatientChoices {
        Objects.requireNonNull(patientIns, "patientIns");
        blocked = Set.copyOf(blocked);
        gpIdNat = Objects.requireNonNullElse(gpIdNat, Optional.empty());
    }

    /** A patient who chose nothing: emergency access allowed, nobody blocked, no GP declared. */
    public static PatientChoices none(String patientIns) {
        return new PatientChoices(patientIns, false, Set.of(), Optional.empty());
    }
}
