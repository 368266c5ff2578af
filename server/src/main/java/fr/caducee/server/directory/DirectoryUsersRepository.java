package fr.caducee.server.directory;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.lib.UsersRepositoryImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.MailClientLogins;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * James's user repository over the directory's accounts (see {@link DirectoryUsersDAO}), where IMAP and SMTP check
 * passwords.
 *
 * <p>A patient logs in with a second factor, which IMAP and SMTP cannot ask for: a patient's address (its domain
 * {@code patient.<domain>}, whether or not the patient exists, so that nothing is told about either) never logs in
 * with a password here unless {@code caducee.patients.mailClients=true}. The password is not even checked: these
 * protocols must not tell whether a patient's password is right without the second factor. SMTP AUTH and IMAP LOGIN
 * answer it with their own sentence ({@link fr.caducee.rules.transport.PatientMailClientHook},
 * {@link fr.caducee.server.imap.PatientLoginGuard}); any other way to a password check (IMAP AUTHENTICATE without an
 * initial response) meets the refusal here, with James's generic answer, and the audit record names the rule. The
 * webmail checks patients' passwords through the directory and sends through single-use tickets: not affected.
 */
public class DirectoryUsersRepository extends UsersRepositoryImpl<DirectoryUsersDAO> implements MailClientLogins {
    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryUsersRepository.class);

    private final boolean patientsMailClients;
    private final AuditTrail trail;

    @Inject
    public DirectoryUsersRepository(DomainList domainList, DirectoryUsersDAO accounts, Settings settings,
                                    AuditTrail trail) {
        this(domainList, accounts, settings.flag(Setting.PATIENTS_MAIL_CLIENTS), trail);
    }

    DirectoryUsersRepository(DomainList domainList, DirectoryUsersDAO accounts, boolean patientsMailClients,
                             AuditTrail trail) {
        super(domainList, accounts);
        this.patientsMailClients = patientsMailClients;
        this.trail = trail;
    }

    @Override
    public boolean refusesPassword(Username login) {
        return !patientsMailClients && PatientAddress.isPatientAddress(login.asString());
    }

    @Override
    public boolean test(Username name, String password) throws UsersRepositoryException {
        if (refusesPassword(name)) {
            record(name);
            return false;
        }
        return super.test(name, password);
    }

    private void record(Username name) {
        try {
            trail.append(AuditRecord.builder(Decision.REFUSED).rule(Rule.PATIENT_MAIL_CLIENT.id())
                .reason("a patient's password at a mail client: " + SENTENCE).login(name.asString()).build());
        } catch (AuditUnavailableException e) {
            LOGGER.error("Patient's password refused for {} but not recorded in the audit trail ({})", name.asString(),
                e.getMessage());
        }
    }
}
