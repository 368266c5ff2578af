package fr.caducee.gateway.admission;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.Ins;

/**
 * The patient as PID names them: the INS when PID-3 carries one with an INS authority OID (NIR
 * {@code 1.2.250.1.213.1.4.8}, NIA {@code .9}, test {@code .10}, demonstration {@code .11}) and identifier type
 * {@code INS}, and the traits (PID-5 name of type L, PID-7, PID-8).
 *
 * @param ins the INS, empty when PID-3 has none (the hospital's own PI only)
 * @param insAuthority the INS's authority OID, empty with no INS
 * @param family the birth family name (PID-5.1 of the L name)
 * @param given the first given name (PID-5.2)
 * @param birthDate PID-7, empty when absent or not a date
 * @param sex PID-8 (F, M, U), possibly empty
 */
public record PatientTraits(Optional<Ins> ins, String insAuthority, String family, String given,
                            Optional<LocalDate> birthDate, String sex) {
    public PatientTraits {
        ins = Objects.requireNonNullElse(ins, Optional.empty());
        insAuthority = Objects.requireNonNullElse(insAuthority, "");
        family = Objects.requireNonNullElse(family, "");
        given = Objects.requireNonNullElse(given, "");
        birthDate = Objects.requireNonNullElse(birthDate, Optional.empty());
        sex = Objects.requireNonNullElse(sex, "");
    }

    /** "DOMINIQUE PAT-TROIS" as a person reads it. */
    public String displayName() {
        return (given + " " + family).strip();
    }
}
