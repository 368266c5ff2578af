package fr.caducee.webmail.login;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.session.Session;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;

/**
 * {@code /mot-de-passe}: the patient who logged in changes their own password in the directory
 * ({@link PatientAccounts#changePassword}, which checks the current one and hashes the new one as every password).
 * The new one has at least 12 characters (as the directory asks of every password), is not the patient's address or
 * INS, nor one of the most common passwords dressed up with digits. A wrong current password counts towards the
 * address's lockout, as at login: a session left open must not let someone try passwords at leisure. Once changed,
 * the patient's other sessions end.
 */
public final class PasswordChange {
    public static final String PATH = "/mot-de-passe";
    static final int MINIMUM_LENGTH = 12;
    private static final Set<String> COMMON = commonWords();

    private final PatientAccounts accounts;
    private final Lockout lockout;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;

    public PasswordChange(PatientAccounts accounts, Lockout lockout, Sessions sessions, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.lockout = lockout;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public Answer page() {
        return Answer.Page.ok("mot-de-passe", "Changer de mot de passe", Map.of("minimum", MINIMUM_LENGTH));
    }

    /** POST /mot-de-passe, for the patient who logged in (a representative changes their own password only). */
    public Answer change(Patient patient, Form form, Session session, String remote) throws WebRefusal {
        String current = form.one("actuel");
        String next = form.one("nouveau");
        if (!next.equals(form.one("confirmation"))) {
            throw refused("Les deux saisies du nouveau mot de passe sont différentes : saisissez-le deux fois à "
                + "l'identique.");
        }
        checkStrength(patient, next);
        if (next.equals(current)) {
            throw refused("Le nouveau mot de passe doit être différent de l'actuel.");
        }
        String address = patient.boxAddress().address();
        lockout.check(address);
        if (!accounts.changePassword(patient, current, next)) {
            lockout.failed(address);
            throw refused("Le mot de passe actuel saisi n'est pas le bon : votre mot de passe n'a pas été changé.");
        }
        audit.append(WebAudit.of(Rule.WEBMAIL_PASSWORD_CHANGED, clock).login(address).session(session.auditId())
            .remote(remote).build());
        int ended = sessions.endOthers(address, session, Sessions.Ending.PASSWORD_CHANGED);
        return new Answer.Redirect("/reglages", "Votre mot de passe a été changé."
            + (ended == 0 ? "" : " Vos autres sessions ouvertes ont été fermées."));
    }

    /** Refuses a password too short, made of the patient's identifiers, or too common. */
    static void checkStrength(Patient patient, String password) throws WebRefusal {
        if (password.codePointCount(0, password.length()) < MINIMUM_LENGTH) {
            throw refused("Le nouveau mot de passe doit compter au moins " + MINIMUM_LENGTH + " caractères. Une "
                + "phrase de quelques mots est facile à retenir et difficile à deviner.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.contains(patient.ins().matricule().toLowerCase(Locale.ROOT))
                || lower.contains(patient.boxAddress().localPart())) {
            throw refused("Le nouveau mot de passe ne doit pas contenir votre adresse ni votre numéro INS.");
        }
        String letters = Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("[^a-z]", "");
        if (letters.isEmpty() || letters.chars().distinct().count() == 1 || common(letters)) {
            throw refused("Ce mot de passe est trop courant : il fait partie de ceux que l'on essaie en premier "
                + "(les chiffres ajoutés n'y changent rien). Choisissez une phrase de quelques mots.");
        }
    }

    /** A common word, or one repeated ("soleilsoleil"). */
    private static boolean common(String letters) {
        for (String word : COMMON) {
            if (letters.length() % word.length() == 0 && word.repeat(letters.length() / word.length()).equals(letters)) {
                return true;
            }
        }
        return false;
    }

    private static WebRefusal refused(String sentence) {
        return new WebRefusal(Rule.WEBMAIL_PASSWORD_REFUSED, sentence);
    }

    private static Set<String> commonWords() {
        try (InputStream in = PasswordChange.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the webmail's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(word -> Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                    .replaceAll("[^a-z]", ""))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
