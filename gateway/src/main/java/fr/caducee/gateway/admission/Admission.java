package fr.caducee.gateway.admission;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.gateway.message.Inbound;

/**
 * A patient movement (IHE PAM France) as the gateway reads it.
 *
 * @param message the message it was read from
 * @param event the trigger event
 * @param patientClass PV1-2 ({@code E} emergency, {@code I} inpatient, {@code O} outpatient...)
 * @param patient PID
 * @param visitId the visit: PV1-19's id, else ZBE-1's (the movement), never empty
 * @param movementId ZBE-1's id, empty without ZBE
 * @param movementAction ZBE-4: INSERT, UPDATE, CANCEL; empty without ZBE
 * @param department the ED as a person reads it: PV1-3's point of care / facility, else ZBE-7's unit name
 * @param unitCode the medical unit code (ZBE-7.10, else PV1-3.1), to match the hospital's declared ED units
 * @param arrivedAt EVN-6 (the event's time), else EVN-2, else MSH-7
 * @param gp the GP: ROL {@code ODRP}, else PD1-4; empty when the message names none
 */
public record Admission(Inbound message, AdmissionEvent event, String patientClass, PatientTraits patient,
                        String visitId, String movementId, String movementAction, String department, String unitCode,
                        Instant arrivedAt, Optional<GpReference> gp) {
    public Admission {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        patientClass = Objects.requireNonNullElse(patientClass, "");
        movementId = Objects.requireNonNullElse(movementId, "");
        movementAction = Objects.requireNonNullElse(movementAction, "");
        department = Objects.requireNonNullElse(department, "");
        unitCode = Objects.requireNonNullElse(unitCode, "");
        gp = Objects.requireNonNullElse(gp, Optional.empty());
    }
}
