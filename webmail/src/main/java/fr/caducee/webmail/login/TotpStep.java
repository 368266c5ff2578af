package fr.caducee.webmail.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;

/**
 * The second factor: a code of the patient's authenticator app (TOTP, RFC 6238), or one of their recovery codes.
 * At the first login the patient enrols an app ({@code /connexion/enrolement}): a new 20-byte secret, shown as a QR
 * code and as text to type, confirmed by a code of the app; the secret is then sealed ({@link SecretSeal}) and stored,
 * and ten recovery codes made, shown once after the login. A code is accepted once (its step is spent), a recovery
 * code once. Failures count towards the address's lockout like wrong passwords.
 */
public final class TotpStep implements LoginStep {
    public static final String CODE = "/connexion/code";
    public static final String ENROLMENT = "/connexion/enrolement";
    static final int SECRET_BYTES = 20;

    private final FactorStore store;
    private final SecretSeal seal;
    private final Lockout lockout;
    private final AuditTrail audit;
    private final WebmailSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TotpStep(FactorStore store, SecretSeal seal, Lockout lockout, AuditTrail audit, WebmailSettings settings,
                    Clock clock) {
        this.store = store;
        this.seal = seal;
        this.lockout = lockout;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String path(LoginInProgress login) {
        return enrolment(login).isPresent() ? CODE : ENROLMENT;
    }

    @Override
    public boolean answers(String path) {
        return CODE.equals(path) || ENROLMENT.equals(path);
    }

    @Override
    public boolean done(LoginInProgress login) {
        return login.has(LoginInProgress.Factor.POSSESSION);
    }

    @Override
    public Answer show(LoginInProgress login, String path) {
        boolean enrolled = enrolment(login).isPresent();
        if (path.equals(ENROLMENT) == enrolled) {
            return Answer.Redirect.to(enrolled ? CODE : ENROLMENT);
        }
        if (enrolled) {
            return Answer.Page.ok("code", "Code de vérification", Map.of());
        }
        byte[] secret = login.enrolmentSecret();
        if (secret == null) {
            secret = new byte[SECRET_BYTES];
            random.nextBytes(secret);
            login.enrolmentSecret(secret);
        }
        return Answer.Page.ok("enrolement", "Protéger votre compte avec une application", Map.of(
            "qr", QrCode.of(uri(secret, label(login.patient()))),
            "secret", Base32.grouped(secret),
            "issuer", settings.issuer(),
            "account", label(login.patient())));
    }

    @Override
    public void submit(LoginInProgress login, String path, Input input) throws WebRefusal {
        String code = input.form().one("code").strip();
        lockout.check(login.typed());
        String patient = login.patient().boxAddress().address();
        Optional<FactorStore.Enrolment> enrolment = store.enrolment(patient);
        if (path.equals(ENROLMENT)) {
            if (enrolment.isPresent()) {
                throw failed(login, "Une application d'authentification est déjà enregistrée pour votre compte : "
                    + "saisissez le code qu'elle affiche.");
            }
            enrol(login, code, input);
            return;
        }
        if (enrolment.isEmpty()) {
            throw failed(login, "Votre compte n'a pas encore d'application d'authentification : reconnectez-vous "
                + "pour en enregistrer une.");
        }
        String digits = code.replace(" ", "");
        if (digits.matches("[0-9]{" + Totp.DIGITS + "}")) {
            byte[] secret = seal.open(patient, enrolment.get().sealedSecret());
            OptionalLong step = Totp.match(secret, digits, clock.instant(), enrolment.get().lastStep());
            if (step.isPresent() && store.spendStep(patient, step.getAsLong())) {
                login.proved(LoginInProgress.Factor.POSSESSION, "authenticator app");
                return;
            }
        } else {
            Optional<String> recovery = RecoveryCodes.canonical(code);
            if (recovery.isPresent()
                    && store.spendRecoveryCode(patient, RecoveryCodes.hash(patient, recovery.get()), clock.instant())) {
                int left = store.recoveryCodesLeft(patient);
                audit.append(WebAudit.of(Rule.WEBMAIL_RECOVERY_CODE_USED, clock).login(patient)
                    .reason(left + " recovery codes left").session(input.session()).remote(input.remote()).build());
                login.proved(LoginInProgress.Factor.POSSESSION, "recovery code");
                return;
            }
        }
        throw failed(login, "Ce code n'est pas le bon, ou il a déjà servi. Saisissez le code à 6 chiffres que "
            + "votre application affiche maintenant (il change toutes les 30 secondes), ou l'un de vos codes de "
            + "secours.");
    }

    private void enrol(LoginInProgress login, String code, Input input) throws WebRefusal {
        byte[] secret = login.enrolmentSecret();
        Instant now = clock.instant();
        OptionalLong step = secret == null ? OptionalLong.empty() : Totp.match(secret, code.replace(" ", ""), now, 0);
        if (step.isEmpty()) {
            throw failed(login, "Ce code ne correspond pas. Vérifiez que votre application a bien enregistré le "
                + "compte et que l'heure de votre téléphone est juste, puis saisissez le code à 6 chiffres qu'elle "
                + "affiche maintenant.");
        }
        String patient = login.patient().boxAddress().address();
        List<String> codes = RecoveryCodes.generate();
        List<String> hashes = codes.stream().map(recovery -> RecoveryCodes.hash(patient, recovery)).toList();
        if (!store.enrol(patient, seal.seal(patient, secret), step.getAsLong(), hashes, now)) {
            throw failed(login, "Une application d'authentification vient d'être enregistrée pour votre compte : "
                + "saisissez le code qu'elle affiche.");
        }
        audit.append(WebAudit.of(Rule.WEBMAIL_FACTOR_ENROLLED, clock).login(patient)
            .reason(codes.size() + " recovery codes").session(input.session()).remote(input.remote()).build());
        login.enrolmentSecret(null);
        login.recoveryCodes(codes);
        login.proved(LoginInProgress.Factor.POSSESSION, "authenticator app enrolled");
    }

    private WebRefusal failed(LoginInProgress login, String sentence) {
        lockout.failed(login.typed());
        return new WebRefusal(Rule.WEBMAIL_SECOND_FACTOR_FAILED, sentence, login.patient().boxAddress().address());
    }

    private Optional<FactorStore.Enrolment> enrolment(LoginInProgress login) {
        return store.enrolment(login.patient().boxAddress().address());
    }

    /**
     * What the app shows next to the codes: the first name and the initial, never the address, whose INS would
     * then sit in a phone app and its cloud backups.
     */
    static String label(Patient patient) {
        String initial = patient.lastName().substring(0, 1).toUpperCase(Locale.ROOT) + ".";
        return patient.firstName().isEmpty() ? initial : patient.firstName() + " " + initial;
    }

    /** The otpauth URI authenticator apps read (the Key Uri Format Google Authenticator defined, which all follow). */
    String uri(byte[] secret, String account) {
        String issuer = encode(settings.issuer());
        return "otpauth://totp/" + issuer + ":" + encode(account) + "?secret=" + Base32.encode(secret)
            + "&issuer=" + issuer + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
