package fr.caducee.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.admission.EdArrival;
import fr.caducee.gateway.admission.EdOutcome;

/**
 * The arrivals at a hospital's emergency department and what became of telling each patient's GP (table
 * {@code gateway_ed_arrival}): one per visit, a later message about the same visit changing it.
 */
public interface EdArrivals {

    /** @throws DependencyUnavailableException the database cannot be reached: answer {@code AR} */
    Optional<Arrival> find(BoxAddress peer, String visitId) throws DependencyUnavailableException;

    /** Writes the arrival, in place of what was known of its visit. */
    void record(BoxAddress peer, Arrival arrival) throws DependencyUnavailableException;

    /** The arrivals of a day (in the gateway's zone), for the ED's summary and the outcomes route. */
    List<Arrival> ofDay(BoxAddress peer, LocalDate day) throws DependencyUnavailableException;

    /**
     * One visit as kept.
     *
     * @param controlId the message that last changed it (MSH-10)
     * @param day the arrival's day in the gateway's zone
     * @param ins the patient's INS as PID-3 carries it, empty without one
     * @param gpId the GP's idNat as the message named them, empty without one
     * @param notified the boxes the notice was accepted for (empty unless {@link EdOutcome#SENT}, or a cancellation
     *     of a visit whose notice left)
     * @param noticeMessageId the first notice's Message-ID, when one left
     */
    record Arrival(String visitId, String controlId, LocalDate day, Instant arrivedAt, String department,
                   Optional<String> ins, String patientName, Optional<LocalDate> birthDate, Optional<String> gpId,
                   String gpName, List<BoxAddress> notified, EdOutcome outcome, String reason,
                   Optional<String> noticeMessageId, Instant updatedAt) {
        public Arrival {
            Objects.requireNonNull(visitId, "visitId");
            Objects.requireNonNull(controlId, "controlId");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(arrivedAt, "arrivedAt");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(updatedAt, "updatedAt");
            department = Objects.requireNonNullElse(department, "");
            ins = Objects.requireNonNullElse(ins, Optional.empty());
            patientName = Objects.requireNonNullElse(patientName, "");
            birthDate = Objects.requireNonNullElse(birthDate, Optional.empty());
            gpId = Objects.requireNonNullElse(gpId, Optional.empty());
            gpName = Objects.requireNonNullElse(gpName, "");
            notified = List.copyOf(notified);
            reason = Objects.requireNonNullElse(reason, "");
            noticeMessageId = Objects.requireNonNullElse(noticeMessageId, Optional.empty());
        }

        /** As the day's summary counts it. */
        public EdArrival summarised() {
            return new EdArrival(visitId, arrivedAt, department, patientName, birthDate, gpName, outcome, reason);
        }
    }
}
