package fr.caducee.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.Directory;
import fr.caducee.rules.transport.MailClientLogins;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.revocation.RevocationLists;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

class CallerAuthenticationTest {
    private static final CertificateAuthority ROOT = CertificateAuthority.createRoot("test root",
        java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600));
    private final Directory directory = mock(Directory.class);
    private static final String PATIENT = "146026322000196@patient.h.localhost";
    /** As the server decides by default: a patient's password opens the webmail only. */
    private final MailClientLogins patientsRefused = login -> login.asString().equals(PATIENT);
    private final CallerAuthentication authentication = new CallerAuthentication(directory, patientsRefused,
        new CertificateValidator(
        List.of(ROOT.certificate()), new RevocationLists(List.of(), List.of(ROOT.certificate()), java.time.Clock.systemUTC())));

    private static Optional<String> basic(String credentials) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noCredentialIs401() {
        assertThatThrownBy(() -> authentication.authenticate(Optional.empty(), List.of(), "127.0.0.1"))
            .isInstanceOfSatisfying(ApiRefusal.class, refusal -> {
                assertThat(refusal.status()).isEqualTo(401);
                assertThat(refusal.rule()).isEqualTo("api-authentication-failed");
            });
    }

    @Test
    void aWrongPasswordAndAnAddressThatIsNoBoxGetTheSameSentence() {
        when(directory.authenticate(any(), anyString())).thenReturn(false);
        ApiRefusal wrongPassword = refusal(basic("dr.x@h.localhost:wrong"));
        ApiRefusal notAnAddress = refusal(basic("not an address:pw"));
        assertThat(wrongPassword.sentence()).isEqualTo(notAnAddress.sentence());
        assertThat(wrongPassword.status()).isEqualTo(401);
    }

    @Test
    void aPatientsPasswordIsRefusedBeforeItIsCheckedWhereNoSecondFactorCanBeAsked() {
        when(directory.authenticate(any(), anyString())).thenReturn(true);
        ApiRefusal refusal = refusal(basic(PATIENT + ":right"));
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.rule()).isEqualTo("api-patient-password");
        assertThat(refusal.sentence()).contains("webmail");
        verify(directory, never()).authenticate(any(), anyString());
    }

    @Test
    void anotherSchemeThanBasicIs401() {
        assertThat(refusal(Optional.of("Bearer abc")).status()).isEqualTo(401);
    }

    @Test
    void aCertificateNamesItsBoxInItsCommonName() {
        IssuedCertificate leaf = ROOT.issue(LeafRequest.builder("sil@lab.localhost").serverAuth(false).clientAuth(true).build());
        assertThat(fr.caducee.identity.login.BoxCertificates.boxNames(leaf.certificate())).containsExactly("sil@lab.localhost");
    }

    private ApiRefusal refusal(Optional<String> authorization) {
        try {
            authentication.authenticate(authorization, List.of(), "127.0.0.1");
            throw new AssertionError("authenticated");
        } catch (ApiRefusal refusal) {
            return refusal;
        }
    }
}
