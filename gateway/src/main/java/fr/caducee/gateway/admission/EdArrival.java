package fr.caducee.gateway.admission;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An arrival at the ED and what became of telling the GP, as kept for the day's summary ({@code gateway_ed_arrival}).
 *
 * @param patientName the patient as a person reads it ("Dominique PAT-TROIS")
 * @param gpName the GP as the message named them, empty without one
 * @param reason the decision's reason
 */
public record EdArrival(String visitId, Instant arrivedAt, String department, String patientName,
                        Optional<LocalDate> birthDate, String gpName, EdOutcome outcome, String reason) {
    public EdArrival {
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(outcome, "outcome");
        department = Objects.requireNonNullElse(department, "");
        patientName = Objects.requireNonNullElse(patientName, "");
        birthDate = Objects.requireNonNullElse(birthDate, Optional.empty());
        gpName = Objects.requireNonNullElse(gpName, "");
        reason = Objects.requireNonNullElse(reason, "");
    }
}
