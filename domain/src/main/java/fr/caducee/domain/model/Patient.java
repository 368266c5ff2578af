package fr.caducee.domain.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.Ins;

/**
 * A patient with a box {@code <INS>@patient.<domain>} on this operator.
 *
 * @param ins         INS matricule, the key
 * @param lastName    never empty
 * @param firstName   possibly empty
 * @param birthDate   when known
 * @param address     the patient's box
 * @param status      active or suspended
 * @param created     when the patient was registered here
 * @param dispensings dispensings recorded at pharmacies
 */
public record Patient(Ins ins, String lastName, String firstName, Optional<LocalDate> birthDate,
                      PatientAddress address, BoxStatus status, Instant created, List<Dispensing> dispensings) {

    public Patient {
        Objects.requireNonNull(ins, "ins");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        lastName = Text.required(lastName, "last name of patient " + ins.matricule());
        firstName = Text.optional(firstName);
        birthDate = Objects.requireNonNullElse(birthDate, Optional.empty());
        dispensings = List.copyOf(Objects.requireNonNullElse(dispensings, List.of()));
        if (!address.ins().equals(ins)) {
            throw new InvalidModelException("patient " + ins.matricule() + " cannot have box " + address
                    + ", which names another INS");
        }
    }

    public BoxAddress boxAddress() {
        return address.address();
    }

    public boolean isActive() {
        return status == BoxStatus.ACTIVE;
    }
}
