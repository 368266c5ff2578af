package fr.caducee.server.api;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;

import fr.caducee.domain.directory.Account;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.identity.login.BoxCertificates;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.MailClientLogins;
import fr.caducee.trust.certificate.CertificateValidator;

/**
 * Tells who calls the API: HTTP Basic with a box's address and password (the listener is TLS only, so a password
 * never travels in clear), or else a client certificate that chains to the trust anchors, is not revoked, and names
 * a box of this operator in an rfc822Name of its subjectAltName or in its CN ({@link BoxCertificates}). A failure
 * never says which of login, password or certificate was wrong. A patient's password is refused as at IMAP and SMTP
 * (no second factor can be asked here), unless {@code caducee.patients.mailClients} allows it.
 */
public final class CallerAuthentication {
    static final String REALM = "Basic realm=\"Caducée\", charset=\"UTF-8\"";

    private final Directory directory;
    private final MailClientLogins passwordOnly;
    private final VerifiedPasswords passwords;
    private final BoxCertificates certificates;
    private final Clock clock;

    @Inject
    public CallerAuthentication(Directory directory, MailClientLogins passwordOnly, CertificateValidator certificates) {
        this(directory, passwordOnly, certificates, Clock.systemUTC());
    }

    CallerAuthentication(Directory directory, MailClientLogins passwordOnly, CertificateValidator certificates,
                         Clock clock) {
        this.directory = directory;
        this.passwordOnly = passwordOnly;
        this.passwords = new VerifiedPasswords(directory);
        this.certificates = new BoxCertificates(certificates);
        this.clock = clock;
    }

    /**
     * @param authorization the {@code Authorization} header, if any
     * @param chain the client's certificates, leaf first, empty when it presented none
     * @throws ApiRefusal 401 when neither proves a box of this operator
     */
    public Caller authenticate(Optional<String> authorization, List<X509Certificate> chain, String remote)
            throws ApiRefusal {
        if (authorization.isPresent()) {
            return byPassword(authorization.get(), remote);
        }
        if (!chain.isEmpty()) {
            return byCertificate(chain, remote);
        }
        throw refusal("Authentication needed: give a box's address and password (HTTP Basic), or present a client "
            + "certificate naming a box of this operator");
    }

    private Caller byPassword(String authorization, String remote) throws ApiRefusal {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw refusal("Only HTTP Basic authentication (a box's address and password) is accepted here");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refusal("The Authorization header is not HTTP Basic (base64 of address:password)");
        }
        int colon = decoded.indexOf(':');
        Optional<BoxAddress> login = colon > 0 ? address(decoded.substring(0, colon)) : Optional.empty();
        if (login.isPresent() && passwordOnly.refusesPassword(Username.of(login.get().address()))) {
            // Before the password is checked: the answer tells nothing about it.
            throw ApiRefusal.of(Rule.API_PATIENT_PASSWORD, "A patient's password is not accepted here, where no "
                + "second factor can be asked: patients read their record in the webmail");
        }
        if (login.isEmpty() || !passwords.matches(login.get(), decoded.substring(colon + 1))) {
            throw wrongCredentials();
        }
        return new Caller(activeAccount(login.get()).orElseThrow(CallerAuthentication::wrongCredentials),
            Caller.Proof.PASSWORD, remote);
    }

    private Caller byCertificate(List<X509Certificate> chain, String remote) throws ApiRefusal {
        for (BoxAddress box : certificates.certifiedBoxes(chain, clock.instant())) {
            Optional<Account> account = activeAccount(box);
            if (account.isPresent()) {
                return new Caller(account.get(), Caller.Proof.CERTIFICATE, remote);
            }
        }
        throw wrongCredentials();
    }

    private Optional<Account> activeAccount(BoxAddress login) {
        return directory.account(login).filter(Account::active);
    }

    private static Optional<BoxAddress> address(String text) {
        try {
            return Optional.of(BoxAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ApiRefusal wrongCredentials() {
        return refusal("Authentication failed: check the box's address and password, or the client certificate");
    }

    private static ApiRefusal refusal(String sentence) {
        return ApiRefusal.of(Rule.API_AUTHENTICATION_FAILED, sentence);
    }
}
