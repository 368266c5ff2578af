package fr.caducee.webmail.fakes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;

/** Patients of the tests, at the operator {@code caducee.test}. */
public final class Patients {
    public static final String DOMAIN = "caducee.test";
    public static final Patient PAUL = patient("146026322000196", "Durand", "Paul");
    public static final Patient LEA = patient(withKey("2150975123456"), "Durand", "Léa");
    public static final Patient NINA = patient(withKey("2170975123457"), "Martin", "Nina");

    private Patients() {
    }

    public static Patient patient(String ins, String lastName, String firstName) {
        Ins parsed = Ins.parse(ins);
        return new Patient(parsed, lastName, firstName, Optional.empty(), PatientAddress.of(parsed, DOMAIN),
            BoxStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), List.of());
    }

    public static Patient suspended(Patient patient) {
        return new Patient(patient.ins(), patient.lastName(), patient.firstName(), patient.birthDate(),
            patient.address(), BoxStatus.SUSPENDED, patient.created(), patient.dispensings());
    }

    public static String withKey(String number) {
        return number + String.format("%02d", Ins.computeKey(number));
    }

    public static String address(Patient patient) {
        return patient.boxAddress().address();
    }
}
