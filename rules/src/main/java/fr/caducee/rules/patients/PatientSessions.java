package fr.caducee.rules.patients;

import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;

import fr.caducee.domain.directory.Account;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;

/** Whether an SMTP session is a patient's: logged in with a patient's box. */
final class PatientSessions {
    private PatientSessions() {
    }

    static Optional<Patient> patientOf(SMTPSession session, Directory directory) {
        if (session.getUsername() == null) {
            return Optional.empty();
        }
        return directory.account(BoxAddress.parse(session.getUsername().asString()))
            .filter(Account.PatientBox.class::isInstance)
            .map(account -> ((Account.PatientBox) account).patient());
    }

    static String address(Patient patient) {
        return patient.boxAddress().address();
    }
}
