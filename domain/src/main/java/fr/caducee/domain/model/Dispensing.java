package fr.caducee.domain.model;

import java.time.LocalDate;
import java.util.Objects;

import fr.caducee.domain.identifier.StructureId;

/** A dispensing recorded for a patient at a pharmacy: what lets the patient write first to its pharmacists. */
public record Dispensing(StructureId pharmacy, LocalDate date) {

    public Dispensing {
        Objects.requireNonNull(pharmacy, "pharmacy");
        Objects.requireNonNull(date, "date");
    }
}
