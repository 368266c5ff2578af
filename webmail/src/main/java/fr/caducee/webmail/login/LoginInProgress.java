package fr.caducee.webmail.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import fr.caducee.domain.model.Patient;

/**
 * A login on its way: who the steps identified and what they proved. Kept in the session that the first step opens
 * (a pending session, which answers nothing but the login pages, for five minutes at most) until every step is done.
 */
public final class LoginInProgress {

    /** What a step proves: something the patient knows, something they have. */
    public enum Factor { KNOWLEDGE, POSSESSION }

    private final Instant started;
    private final Set<Factor> factors = EnumSet.noneOf(Factor.class);
    private final List<String> proofs = new ArrayList<>();
    private String typed;
    private Patient patient;
    private byte[] enrolmentSecret;
    private List<String> recoveryCodes;

    public LoginInProgress(Instant started) {
        this.started = Objects.requireNonNull(started, "started");
    }

    public Instant started() {
        return started;
    }

    /**
     * The patient is known: a step identified them from what was typed (a password) or from an identity provider.
     *
     * @param typed  the login as typed, the key failures are counted under ({@link Lockout#key})
     * @param proved what identifying them proved
     * @param how    how, for the audit trail: "password"
     */
    public synchronized void identified(Patient patient, String typed, Factor proved, String how) {
        this.patient = Objects.requireNonNull(patient, "patient");
        this.typed = Objects.requireNonNull(typed, "typed");
        factors.add(proved);
        proofs.add(how);
    }

    /** A step proved a factor, {@code how} ("authenticator app", "recovery code"). */
    public synchronized void proved(Factor factor, String how) {
        if (patient == null) {
            throw new IllegalStateException("a factor proved before the patient is identified");
        }
        factors.add(factor);
        proofs.add(how);
    }

    /** How the patient proved who they are, in order: "password + authenticator app". */
    public synchronized String proofs() {
        return String.join(" + ", proofs);
    }

    public synchronized boolean identified() {
        return patient != null;
    }

    public synchronized boolean has(Factor factor) {
        return factors.contains(factor);
    }

    /** Two different factors and an identified patient: what a complete login needs, whatever the steps. */
    public synchronized boolean complete() {
        return patient != null && factors.size() >= 2;
    }

    public synchronized Patient patient() {
        if (patient == null) {
            throw new IllegalStateException("no patient identified yet");
        }
        return patient;
    }

    /** The login as typed: failures of every step are counted under it. */
    public synchronized String typed() {
        return typed;
    }

    /** The secret shown on the enrolment page, until the patient confirms it with a code. */
    public synchronized byte[] enrolmentSecret() {
        return enrolmentSecret;
    }

    public synchronized void enrolmentSecret(byte[] secret) {
        this.enrolmentSecret = secret;
    }

    /** Recovery codes just made at enrolment, to be shown once after the login completes; null otherwise. */
    public synchronized List<String> recoveryCodes() {
        return recoveryCodes;
    }

    public synchronized void recoveryCodes(List<String> codes) {
        this.recoveryCodes = List.copyOf(codes);
    }
}
