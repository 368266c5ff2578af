package fr.caducee.identity.login;

import static fr.caducee.identity.login.LoginDirectory.APP;
import static fr.caducee.identity.login.LoginDirectory.DURAND_HOSPITAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

class CertificateLoginsTest {
    private static final Instant NOW = Instant.now();
    private static final CertificateAuthority ROOT = CertificateAuthority.createRoot("identity test root",
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    private static final IssuedCertificate SOFTWARE = leaf(APP, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));
    private static final IssuedCertificate REVOKED = leaf(APP, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));

    @TempDir
    Path folder;
    private final LoginDirectory boxes = new LoginDirectory();

    @Test
    void aCertificateNamingAnActiveApplicationBoxOpensIt() {
        assertThat(logins(currentList()).open(Optional.empty(), SOFTWARE.chain()))
            .isEqualTo(new LoggedIn(APP, SOFTWARE.certificate().getSubjectX500Principal().getName()));
    }

    @Test
    void theAuthorizationIdentityMayNameThatBoxInAnyCase() {
        assertThat(logins(currentList()).open(Optional.of(" DPI@chu.caducee.test"), SOFTWARE.chain()))
            .isInstanceOfSatisfying(LoggedIn.class, loggedIn -> assertThat(loggedIn.box()).isEqualTo(APP));
        assertThat(logins(currentList()).open(Optional.of(""), SOFTWARE.chain())).isInstanceOf(LoggedIn.class);
    }

    @Test
    void anAuthorizationIdentityNamingAnotherBoxIsRefused() {
        assertRefused(logins(currentList()).open(Optional.of(DURAND_HOSPITAL), SOFTWARE.chain()),
            "names no active application box " + DURAND_HOSPITAL);
        assertRefused(logins(currentList()).open(Optional.of("not a box"), SOFTWARE.chain()), "is not a box address");
    }

    @Test
    void externalWithoutACertificateIsRefused() {
        assertRefused(logins(currentList()).open(Optional.empty(), List.of()), "No client certificate was shown");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        CertificateAuthority stranger = CertificateAuthority.createRoot("stranger", NOW.minusSeconds(60),
            NOW.plusSeconds(3600));
        IssuedCertificate forged = stranger.issue(LeafRequest.builder(APP).serverAuth(false).clientAuth(true).build());
        assertRefused(logins(currentList()).open(Optional.empty(), forged.chain()), "is not accepted");
    }

    @Test
    void anExpiredCertificateIsRefused() {
        IssuedCertificate expired = leaf(APP, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(1)));
        assertRefused(logins(currentList()).open(Optional.empty(), expired.chain()), "is not accepted");
    }

    @Test
    void aRevokedCertificateIsRefused() {
        assertRefused(logins(currentList()).open(Optional.empty(), REVOKED.chain()), "is not accepted");
    }

    @Test
    void aCertificateNamingAPersonsBoxOpensNothing() {
        IssuedCertificate person = leaf(DURAND_HOSPITAL, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));
        assertRefused(logins(currentList()).open(Optional.empty(), person.chain()), "names no active application box");
    }

    @Test
    void aCertificateNamingASuspendedApplicationBoxOrNoBoxOpensNothing() {
        Box app = boxes.directory().findBox(BoxAddress.parse(APP)).orElseThrow();
        boxes.store().putBox(app.withStatus(BoxStatus.SUSPENDED));
        boxes.directory().forget(app.address());
        assertRefused(logins(currentList()).open(Optional.empty(), SOFTWARE.chain()), "names no active application box");

        IssuedCertificate host = leaf("dpi.chu.caducee.test", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));
        assertRefused(logins(currentList()).open(Optional.empty(), host.chain()), "names no active application box");
    }

    @Test
    void withoutACurrentRevocationListNothingIsDecided() {
        RevocationLists none = new RevocationLists(List.of(), List.of(ROOT.certificate()), Clock.systemUTC());
        assertThat(logins(none).open(Optional.empty(), SOFTWARE.chain())).isInstanceOf(Unavailable.class);
    }

    @Test
    void whenTheDirectoryCannotBeReadNothingIsDecided() {
        CertificateLogins logins = logins(currentList());
        boxes.becomeUnreachable();
        assertThat(logins.open(Optional.empty(), SOFTWARE.chain())).isInstanceOf(Unavailable.class);
    }

    private CertificateLogins logins(RevocationLists lists) {
        return new CertificateLogins(boxes.directory(), new BoxCertificates(new CertificateValidator(
            List.of(ROOT.certificate()), lists)), Clock.systemUTC());
    }

    /** The root's list, in force, revoking {@link #REVOKED}. */
    private RevocationLists currentList() {
        try {
            Path file = folder.resolve("root.crl");
            Pem.writeRevocationList(file, ROOT.issueRevocationList(List.of(CertificateAuthority.Revocation.of(
                REVOKED.certificate(), NOW.minusSeconds(60))), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(7))));
            RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(ROOT.certificate()),
                Clock.systemUTC());
            assertThat(lists.refreshNow()).isEmpty();
            return lists;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static IssuedCertificate leaf(String name, Instant notBefore, Instant notAfter) {
        return ROOT.issue(LeafRequest.builder(name).serverAuth(false).clientAuth(true).validity(notBefore, notAfter)
            .build());
    }

    private static void assertRefused(LoginOutcome outcome, String sentence) {
        assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.CERTIFICATE_LOGIN_REFUSED);
            assertThat(refused.sentence()).contains(sentence).endsWith("(certificate-login-refused)")
                .matches("[\\x20-\\x7E]+");
        });
    }
}
