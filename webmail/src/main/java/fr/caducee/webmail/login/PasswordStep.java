package fr.caducee.webmail.login;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;

/**
 * The first step: the patient's address and the directory's password ({@link PatientAccounts#authenticate}, the same
 * hash as everywhere). An unknown address, a malformed one and a wrong password get the same answer, and in the
 * same time: the directory answers an unknown address at once but spends a PBKDF2 derivation on a known one, so
 * every failure is answered no sooner than {@code failureFloor} after the attempt began (1 second, several times a
 * derivation's cost), which also slows guessing down. Checked only while the address is not locked.
 */
public final class PasswordStep implements LoginStep {
    public static final String PATH = "/connexion";
    public static final Duration FAILURE_FLOOR = Duration.ofSeconds(1);

    private final PatientAccounts accounts;
    private final Lockout lockout;
    private final long floorNanos;

    public PasswordStep(PatientAccounts accounts, Lockout lockout, Duration failureFloor) {
        this.accounts = accounts;
        this.lockout = lockout;
        this.floorNanos = failureFloor.toNanos();
    }

    @Override
    public String path(LoginInProgress login) {
        return PATH;
    }

    @Override
    public boolean answers(String path) {
        return PATH.equals(path);
    }

    @Override
    public boolean done(LoginInProgress login) {
        return login.identified();
    }

    @Override
    public Answer show(LoginInProgress login, String path) {
        return Answer.Page.ok("connexion", "Connexion à votre messagerie santé", Map.of());
    }

    @Override
    public void submit(LoginInProgress login, String path, Input input) throws WebRefusal {
        String typed = input.form().one("adresse");
        String password = input.form().one("motdepasse");
        String key = Lockout.key(typed);
        lockout.check(key);
        long started = System.nanoTime();
        Optional<Patient> patient = address(typed).flatMap(address -> accounts.authenticate(address, password));
        if (patient.isEmpty()) {
            lockout.failed(key);
            waitUntil(started + floorNanos);
            throw new WebRefusal(Rule.WEBMAIL_LOGIN_FAILED, "Adresse ou mot de passe incorrect. Vérifiez votre "
                + "adresse de messagerie santé (elle se termine par @patient. suivi du nom du service) et votre mot "
                + "de passe, puis réessayez.", key);
        }
        login.identified(patient.get(), key, LoginInProgress.Factor.KNOWLEDGE, "password");
    }

    private static Optional<BoxAddress> address(String typed) {
        try {
            return Optional.of(BoxAddress.parse(typed));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
