package fr.caducee.webmail.login;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where each patient's second factor is kept (table {@code webmail_account} and {@code webmail_recovery_code}):
 * every change that decides whether a code is good happens in one statement, so that two requests with the same
 * code cannot both pass.
 */
public interface FactorStore {

    /** The patient's authenticator app, once enrolled. */
    Optional<Enrolment> enrolment(String patient);

    /**
     * Records the app and the recovery codes, when the patient has none yet; false when an enrolment was recorded
     * meanwhile (nothing is changed then).
     *
     * @param sealedSecret the TOTP secret sealed by {@link SecretSeal}
     * @param step         the step of the code that confirmed the enrolment: it is spent
     * @param codeHashes   the recovery codes' hashes ({@link RecoveryCodes#hash})
     */
    boolean enrol(String patient, byte[] sealedSecret, long step, List<String> codeHashes, Instant at);

    /** Spends a TOTP step: true when it is later than the last step accepted, which it becomes. */
    boolean spendStep(String patient, long step);

    /** Spends a recovery code: true when it was the patient's and unspent. */
    boolean spendRecoveryCode(String patient, String codeHash, Instant at);

    /** How many recovery codes the patient has not spent. */
    int recoveryCodesLeft(String patient);

    /** Remembers a complete login. */
    void loggedIn(String patient, Instant at);

    /** An enrolled authenticator app: its sealed secret and the last step whose code was accepted. */
    record Enrolment(byte[] sealedSecret, long lastStep, Instant enrolled) {
    }
}
