package fr.caducee.gateway.admission;

import java.util.Optional;

/** The ADT trigger events the gateway acts on; any other ADT event is acknowledged and changes nothing. */
public enum AdmissionEvent {
    /** A01: admitted (to the ED when PV1-2 is {@code E}, or to a unit declared as the hospital's ED). */
    ADMITTED("A01"),
    /** A04: registered, the ED's usual event (PV1-2 {@code E}). */
    REGISTERED("A04"),
    /** A06: an outpatient (the ED) becomes an inpatient. */
    CHANGED_TO_INPATIENT("A06"),
    /** A11: the admission or registration is cancelled. */
    ADMISSION_CANCELLED("A11"),
    /** A13: the discharge is cancelled; kept only to acknowledge it with nothing done. */
    DISCHARGE_CANCELLED("A13"),
    /** A03: discharged; the ED's report follows as a document message. */
    DISCHARGED("A03");

    private final String trigger;

    AdmissionEvent(String trigger) {
        this.trigger = trigger;
    }

    public String trigger() {
        return trigger;
    }

    public static Optional<AdmissionEvent> of(String trigger) {
        for (AdmissionEvent event : values()) {
            if (event.trigger.equals(trigger)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
