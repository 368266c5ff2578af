package fr.caducee.webmail.port;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;

/** The directory's side of a patient's login: passwords (the directory's hash) and who represents whom. */
public interface PatientAccounts {

    /** The active patient whose box this is, when the password is theirs; empty otherwise (never says which). */
    Optional<Patient> authenticate(BoxAddress login, String password);

    /** The active patient of this box. */
    Optional<Patient> patient(BoxAddress box);

    /** Sets a new password (hashed as the directory hashes every password) once the current one is checked. */
    boolean changePassword(Patient patient, String current, String next);

    /** The patients whose box this patient may open as their legal representative (their children). */
    List<Patient> represented(Patient representative);
}
