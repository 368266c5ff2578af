package fr.caducee.server.webmail;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.InvalidModelException;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.server.directory.DirectoryPasswords;
import fr.caducee.webmail.port.PatientAccounts;

/**
 * Patients' logins as the directory keeps them: the same password hashes IMAP and SMTP check
 * ({@link Directory#authenticate}), a new password set as WebAdmin's password route sets one
 * ({@link DirectoryPasswords}: hashed with the directory's scheme, the cache told at once), and who represents whom
 * ({@link Directory#representedBy}). A professional's box is no patient's login here, whatever its password.
 */
public class DirectoryPatientAccounts implements PatientAccounts {
    private final Directory directory;
    private final DirectoryPasswords passwords;

    @Inject
    public DirectoryPatientAccounts(Directory directory, DirectoryPasswords passwords) {
        this.directory = directory;
        this.passwords = passwords;
    }

    @Override
    public Optional<Patient> authenticate(BoxAddress login, String password) {
        if (PatientAddress.of(login).isEmpty() || !directory.authenticate(login, password)) {
            return Optional.empty();
        }
        return patient(login);
    }

    @Override
    public Optional<Patient> patient(BoxAddress box) {
        if (PatientAddress.of(box).isEmpty()) {
            return Optional.empty();
        }
        return directory.patientAt(box).filter(Patient::isActive);
    }

    @Override
    public boolean changePassword(Patient patient, String current, String next) {
        if (!directory.authenticate(patient.boxAddress(), current)) {
            return false;
        }
        try {
            passwords.set(patient.boxAddress(), next);
            return true;
        } catch (InvalidModelException e) {
            // Too short for the directory: the webmail asks for longer ones anyway.
            return false;
        }
    }

    @Override
    public List<Patient> represented(Patient representative) {
        return directory.representedBy(representative.ins()).stream().filter(Patient::isActive).toList();
    }
}
